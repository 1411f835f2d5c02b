%% OTP's real crypto application (crypto.so from erlang-crypto) on fixed inputs: hashes,
%% MACs, ciphers in one go and streaming, random bytes, key agreement and signatures
%% through public_key. Random outputs are shown by size or by what must hold for them.
-module(crypto_test).
-export([main/0]).

-define(FOX, <<"The quick brown fox jumps over the lazy dog">>).

main() ->
    hashes(),
    macs(),
    ciphers(),
    random(),
    keys(),
    signatures(),
    info(),
    errors(),
    unload(),
    ok.

%% crypto's unload callback unloads the OpenSSL providers it loaded; the VM's own MD5
%% (erlang:md5/1) must still work after it.
unload() ->
    show("md5 with crypto loaded", fun() -> hex(erlang:md5(<<"abc">>)) end),
    code:delete(crypto),
    code:purge(crypto),
    show("md5 after crypto unloaded", fun() -> hex(erlang:md5(<<"abc">>)) end),
    show("md5 context after unload", fun() ->
        C = erlang:md5_update(erlang:md5_init(), <<"ab">>),
        hex(erlang:md5_final(erlang:md5_update(C, <<"c">>)))
    end).

show(Label, F) ->
    R = try F() of V -> V
        catch C:E:St -> {C, E, hd(St)}
        end,
    io:format("~s: ~p~n", [Label, R]).

hex(B) -> binary:encode_hex(B).

big() -> binary:copy(<<"abcdefghij">>, 10000).

hashes() ->
    [show("hash " ++ atom_to_list(H), fun() -> hex(crypto:hash(H, ?FOX)) end)
     || H <- [md5, sha, sha224, sha256, sha384, sha512, sha3_224, sha3_256, sha3_384, sha3_512,
              blake2b, blake2s, md4, ripemd160]],
    show("hash streaming", fun() ->
        S0 = crypto:hash_init(sha256),
        S1 = crypto:hash_update(S0, <<"ab">>),
        S2 = crypto:hash_update(S1, <<"c">>),
        hex(crypto:hash_final(S2))
    end),
    show("hash big", fun() -> hex(crypto:hash(sha512, big())) end),
    show("hash state is a reference", fun() -> is_reference(crypto:hash_init(md5)) end),
    show("hash iolist", fun() -> hex(crypto:hash(sha, ["ab", [<<"c">>]])) end).

macs() ->
    show("hmac sha256", fun() -> hex(crypto:mac(hmac, sha256, <<"key">>, ?FOX)) end),
    show("hmac md5", fun() -> hex(crypto:mac(hmac, md5, <<"key">>, ?FOX)) end),
    show("hmac big (dirty)", fun() -> hex(crypto:mac(hmac, sha256, <<"k">>, big())) end),
    show("hmac truncated", fun() -> hex(crypto:macN(hmac, sha256, <<"key">>, ?FOX, 12)) end),
    show("cmac aes_128_cbc", fun() -> hex(crypto:mac(cmac, aes_128_cbc, <<0:128>>, ?FOX)) end),
    show("hmac streaming", fun() ->
        S = crypto:mac_init(hmac, sha256, <<"key">>),
        S1 = crypto:mac_update(S, <<"The quick brown fox ">>),
        S2 = crypto:mac_update(S1, <<"jumps over the lazy dog">>),
        hex(crypto:mac_final(S2))
    end),
    show("poly1305", fun() -> hex(crypto:mac(poly1305, binary:copy(<<7>>, 32), ?FOX)) end),
    show("pbkdf2", fun() -> hex(crypto:pbkdf2_hmac(sha256, <<"password">>, <<"salt">>, 1000, 32)) end).

ciphers() ->
    Key128 = <<1:128>>, Key256 = <<2:256>>, IV = <<3:128>>,
    show("aes_256_cbc", fun() -> crypto:crypto_one_time(aes_256_cbc, <<0:256>>, <<0:128>>, <<"0123456789abcdef">>, true) end),
    show("aes_128_cbc roundtrip", fun() ->
        C = crypto:crypto_one_time(aes_128_cbc, Key128, IV, binary:copy(<<"x">>, 64), true),
        {hex(C), crypto:crypto_one_time(aes_128_cbc, Key128, IV, C, false)}
    end),
    show("aes_128_cbc padding", fun() ->
        C = crypto:crypto_one_time(aes_128_cbc, Key128, IV, <<"short">>, [{encrypt, true}, {padding, pkcs_padding}]),
        {hex(C), crypto:crypto_one_time(aes_128_cbc, Key128, IV, C, [{encrypt, false}, {padding, pkcs_padding}])}
    end),
    show("aes_128_ctr big (dirty)", fun() -> hex(crypto:hash(sha256, crypto:crypto_one_time(aes_128_ctr, <<0:128>>, <<0:128>>, big(), true))) end),
    show("aes_256_gcm", fun() ->
        {C, Tag} = crypto:crypto_one_time_aead(aes_256_gcm, Key256, <<4:96>>, ?FOX, <<"aad">>, true),
        {hex(C), hex(Tag), crypto:crypto_one_time_aead(aes_256_gcm, Key256, <<4:96>>, C, <<"aad">>, Tag, false),
         crypto:crypto_one_time_aead(aes_256_gcm, Key256, <<4:96>>, C, <<"bad">>, Tag, false)}
    end),
    show("chacha20_poly1305", fun() ->
        {C, Tag} = crypto:crypto_one_time_aead(chacha20_poly1305, Key256, <<5:96>>, ?FOX, <<>>, true),
        {hex(C), hex(Tag), crypto:crypto_one_time_aead(chacha20_poly1305, Key256, <<5:96>>, C, <<>>, Tag, false)}
    end),
    show("streaming aes_128_cbc", fun() ->
        S = crypto:crypto_init(aes_128_cbc, Key128, IV, true),
        A = crypto:crypto_update(S, binary:copy(<<"a">>, 20)),
        B = crypto:crypto_update(S, binary:copy(<<"b">>, 28)),
        F = crypto:crypto_final(S),
        hex(iolist_to_binary([A, B, F]))
    end),
    show("streaming chacha20", fun() ->
        S = crypto:crypto_init(chacha20, Key256, <<6:128>>, true),
        A = crypto:crypto_update(S, <<"hello ">>),
        B = crypto:crypto_update(S, <<"world">>),
        hex(iolist_to_binary([A, B]))
    end),
    show("streaming big (dirty)", fun() ->
        S = crypto:crypto_init(aes_128_ctr, Key128, IV, true),
        hex(crypto:hash(md5, crypto:crypto_update(S, big())))
    end).

random() ->
    show("strong_rand_bytes", fun() -> [byte_size(crypto:strong_rand_bytes(N)) || N <- [0, 1, 16, 1000, 100000]] end),
    show("rand_uniform", fun() -> X = crypto:rand_uniform(10, 20), X >= 10 andalso X < 20 end),
    show("rand seed", fun() -> _ = crypto:rand_seed(), F = rand:uniform(), is_float(F) end).

keys() ->
    show("ecdh secp256r1", fun() ->
        {PubA, PrivA} = crypto:generate_key(ecdh, secp256r1),
        {PubB, PrivB} = crypto:generate_key(ecdh, secp256r1),
        SA = crypto:compute_key(ecdh, PubB, PrivA, secp256r1),
        SB = crypto:compute_key(ecdh, PubA, PrivB, secp256r1),
        {byte_size(PubA), byte_size(PrivA), byte_size(SA), SA =:= SB}
    end),
    show("ecdh x25519", fun() ->
        {PubA, PrivA} = crypto:generate_key(ecdh, x25519),
        {PubB, PrivB} = crypto:generate_key(ecdh, x25519),
        SA = crypto:compute_key(ecdh, PubB, PrivA, x25519),
        {byte_size(PubA), byte_size(SA), SA =:= crypto:compute_key(ecdh, PubA, PrivB, x25519)}
    end),
    show("ecdh fixed private key", fun() ->
        {Pub, _} = crypto:generate_key(ecdh, x25519, <<9:256>>),
        hex(Pub)
    end),
    % RFC 2409's 1024-bit MODP group (Oakley group 2), generator 2.
    P = binary:decode_unsigned(binary:decode_hex(<<"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF">>)),
    show("dh", fun() ->
        {PubA, PrivA} = crypto:generate_key(dh, [P, 2]),
        {PubB, PrivB} = crypto:generate_key(dh, [P, 2]),
        SA = crypto:compute_key(dh, PubB, PrivA, [P, 2]),
        {byte_size(PubA) =< 128, byte_size(SA) =< 128, SA =:= crypto:compute_key(dh, PubA, PrivB, [P, 2])}
    end).

signatures() ->
    Msg = <<"message to sign">>,
    show("ecdsa crypto", fun() ->
        {Pub, Priv} = crypto:generate_key(ecdh, secp256r1),
        Sig = crypto:sign(ecdsa, sha256, Msg, [Priv, secp256r1]),
        {crypto:verify(ecdsa, sha256, Msg, Sig, [Pub, secp256r1]),
         crypto:verify(ecdsa, sha256, <<"other">>, Sig, [Pub, secp256r1])}
    end),
    show("rsa public_key", fun() ->
        Priv = public_key:generate_key({rsa, 1024, 65537}),
        Pub = {'RSAPublicKey', element(3, Priv), element(4, Priv)},
        Sig = public_key:sign(Msg, sha256, Priv),
        {element(1, Priv), byte_size(Sig), public_key:verify(Msg, sha256, Sig, Pub),
         public_key:verify(<<"other">>, sha256, Sig, Pub)}
    end),
    show("ec public_key", fun() ->
        Priv = public_key:generate_key({namedCurve, secp256r1}),
        {'ECPrivateKey', _, _, Params, PubPoint, _} = Priv,
        Pub = {{'ECPoint', PubPoint}, Params},
        Sig = public_key:sign(Msg, sha384, Priv),
        {element(1, Priv), public_key:verify(Msg, sha384, Sig, Pub)}
    end),
    show("rsa encrypt", fun() ->
        Priv = public_key:generate_key({rsa, 1024, 65537}),
        Pub = {'RSAPublicKey', element(3, Priv), element(4, Priv)},
        C = public_key:encrypt_public(<<"secret">>, Pub),
        {byte_size(C), public_key:decrypt_private(C, Priv)}
    end),
    show("pem roundtrip", fun() ->
        Priv = public_key:generate_key({namedCurve, secp256r1}),
        Pem = public_key:pem_encode([public_key:pem_entry_encode('ECPrivateKey', Priv)]),
        [Entry] = public_key:pem_decode(Pem),
        public_key:pem_entry_decode(Entry) =:= Priv
    end).

info() ->
    show("taints", fun() -> lists:member(crypto, erlang:system_info(taints)) end),
    show("info_lib", fun() -> crypto:info_lib() =:= [{<<"OpenSSL">>, element(2, hd(crypto:info_lib())), element(3, hd(crypto:info_lib()))}] end),
    show("info_lib name", fun() -> [{Name, is_integer(V), is_binary(Text)} || {Name, V, Text} <- crypto:info_lib()] end),
    show("supports", fun() -> [{K, length(V)} || {K, V} <- crypto:supports()] end),
    show("supports hashs", fun() -> lists:sort(proplists:get_value(hashs, crypto:supports())) end),
    show("hash_info", fun() -> crypto:hash_info(sha256) end),
    show("cipher_info", fun() -> crypto:cipher_info(aes_128_gcm) end).

errors() ->
    show("bad digest", fun() -> crypto:hash(foo, <<"abc">>) end),
    show("bad cipher", fun() -> crypto:crypto_one_time(nonesuch, <<0:128>>, <<0:128>>, <<"x">>, true) end),
    show("bad key size", fun() -> crypto:crypto_one_time(aes_128_cbc, <<0:64>>, <<0:128>>, <<"x">>, true) end),
    show("bad data", fun() -> crypto:hash(sha256, not_iodata) end).
