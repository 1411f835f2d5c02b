#!/usr/bin/env python3
"""A stranger on the distribution wire: connects to a node through epmd, completes the
version 6 handshake as a hidden node (or does not), then sends one bad input, and reports
whether the node closed the connection. Used by tests/dist/wire_garbage.sh against Hamlet and
erl alike.

  wire_client.py TARGET_NAME HOST COOKIE MY_NAME CASE

CASE is one of the names in CASES below. Prints one line, "CASE: closed" or "CASE: open"
(the node still talks to us after a tick), or "CASE: refused" for a handshake the node ended.
"""
import hashlib
import socket
import struct
import sys
import time

# Handshake flags of a hidden OTP 25 node without the atom cache and fragments (erts' defaults
# less DFLAG_PUBLISHED, DFLAG_DIST_HDR_ATOM_CACHE and DFLAG_FRAGMENTS).
FLAGS = 0xD075F5FBC


def epmd_port(name):
    s = socket.create_connection(("127.0.0.1", 4369), timeout=10)
    req = b"z" + name.encode()
    s.sendall(struct.pack(">H", len(req)) + req)
    data = b""
    while True:
        chunk = s.recv(1024)
        if not chunk:
            break
        data += chunk
    s.close()
    if len(data) < 4 or data[0] != 119 or data[1] != 0:
        sys.exit("no port for %s in epmd" % name)
    return struct.unpack(">H", data[2:4])[0]


def recv_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def recv2(s):
    (n,) = struct.unpack(">H", recv_exact(s, 2))
    return recv_exact(s, n)


def send2(s, payload):
    s.sendall(struct.pack(">H", len(payload)) + payload)


def digest(challenge, cookie):
    return hashlib.md5((cookie + str(challenge)).encode()).digest()


def handshake(s, my_name, cookie, bad_digest=False):
    send2(s, b"N" + struct.pack(">QIH", FLAGS, 0x1234, len(my_name)) + my_name.encode())
    status = recv2(s)
    if status[:1] != b"s" or status[1:] not in (b"ok", b"ok_simultaneous"):
        raise EOFError
    msg = recv2(s)
    if msg[:1] != b"N":
        raise EOFError
    _flags, challenge = struct.unpack(">QI", msg[1:13])
    mine = 0x5EED
    dig = digest(challenge, cookie)
    if bad_digest:
        dig = bytes(16)
    send2(s, b"r" + struct.pack(">I", mine) + dig)
    ack = recv2(s)
    if ack[:1] != b"a" or ack[1:] != digest(mine, cookie):
        raise EOFError


def frame(payload):
    return struct.pack(">I", len(payload)) + payload


def closed_after(s, data, wait=30.0):
    """Sends data, then answers ticks until the node closes (True) or wait passes (False)."""
    if data:
        s.sendall(data)
    s.settimeout(wait)
    end = time.monotonic() + wait
    try:
        while time.monotonic() < end:
            chunk = s.recv(65536)
            if not chunk:
                return True
            # A tick or anything else: we are still connected; keep reading.
            s.sendall(frame(b""))
            if any(chunk):  # something other than a tick: the node still talks
                return False
    except socket.timeout:
        return False
    except ConnectionResetError:
        return True
    return False


# Frames after a good handshake (no atom cache: 112 then terms in the external format).
AFTER_HANDSHAKE = {
    # 112, then not a term (no 131)
    "incompatible": frame(b"\x70\x01\x02\x03"),
    # 112 131, then a tag that does not exist
    "corrupted_term": frame(b"\x70\x83\xff\x00\x01"),
    # a 3-tuple with one element
    "truncated_term": frame(b"\x70\x83\x68\x03\x61\x01"),
    # a list claiming 4 G elements
    "huge_list": frame(b"\x70\x83\x6c\xff\xff\xff\xff\x6a"),
    # a valid term that is no control message: the atom hello
    "invalid_control": frame(b"\x70\x83\x77\x05hello"),
    # {99, 1}: an operation that does not exist
    "unknown_op": frame(b"\x70\x83\x68\x02\x61\x63\x61\x01"),
    # an atom that is not UTF-8
    "bad_utf8_atom": frame(b"\x70\x83\x77\x02\xff\xfe"),
    # a binary claiming 4 GB
    "huge_binary": frame(b"\x70\x83\x6d\xff\xff\xff\xf0abc"),
    # 100,000 nested 1-tuples that end too soon (erl logs every byte: 600 KB of text)
    "deep_truncated": frame(b"\x70\x83" + b"\x68\x01" * 100000),
    # {6, Pid, '', rex} (REG_SEND to rpc's server, which exists) and a payload that is no term
    "corrupted_payload": None,
    # a frame whose length says more than comes, then the end of the connection
    "truncated_frame": struct.pack(">I", 100) + b"\x70\x83\x68",
}


def own_pid(name):
    node = name.encode()
    return b"\x58\x77" + bytes([len(node)]) + node + struct.pack(">III", 1, 0, 0x1234)


def main():
    target, host, cookie, my_name, case = sys.argv[1:6]
    port = epmd_port(target)
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    if case == "stranger_garbage":
        # not a handshake at all
        s.sendall(b"GET / HTTP/1.0\r\n\r\n")
        print("%s: %s" % (case, "closed" if closed_after(s, b"") else "open"))
        return
    if case == "bad_digest":
        try:
            handshake(s, my_name + "@" + host, cookie, bad_digest=True)
            print("%s: accepted" % case)
        except (EOFError, ConnectionResetError):
            print("%s: refused" % case)
        return
    if case == "flood":
        # Many connections that never finish the handshake, then a good one still works.
        held = []
        for _ in range(200):
            c = socket.create_connection(("127.0.0.1", port), timeout=30)
            held.append(c)
        handshake(s, my_name + "@" + host, cookie)
        print("%s: %s" % (case, "closed" if closed_after(s, b"", wait=3) else "open"))
        for c in held:
            c.close()
        return
    handshake(s, my_name + "@" + host, cookie)
    if case == "corrupted_payload":
        ctl = b"\x83\x68\x04\x61\x06" + own_pid(my_name + "@" + host) + b"\x77\x00\x77\x03rex"
        AFTER_HANDSHAKE[case] = frame(b"\x70" + ctl + b"\x83\xff\x01")
    if case == "truncated_frame":
        s.sendall(AFTER_HANDSHAKE[case])
        s.close()
        print("%s: sent" % case)
        return
    print("%s: %s" % (case, "closed" if closed_after(s, AFTER_HANDSHAKE[case]) else "open"))


if __name__ == "__main__":
    main()
