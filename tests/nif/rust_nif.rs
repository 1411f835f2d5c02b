// A NIF in Rust without crates: it declares the erl_nif ABI itself (the layouts of
// erl_nif.h for NIF 2.16, LP64) and imports the enif_* functions it calls, which bind to
// the VM at load time. Built by tests/nif/CMakeLists.txt when rustc is installed:
//   rustc --edition 2021 --crate-type cdylib -O rust_nif.rs
#![allow(non_camel_case_types)]

use std::os::raw::{c_char, c_int, c_long, c_uint, c_void};

type ERL_NIF_TERM = usize;
#[repr(C)]
pub struct ErlNifEnv {
    _opaque: [u8; 0],
}

#[repr(C)]
struct ErlNifFunc {
    name: *const c_char,
    arity: c_uint,
    fptr: extern "C" fn(*mut ErlNifEnv, c_int, *const ERL_NIF_TERM) -> ERL_NIF_TERM,
    flags: c_uint,
}

#[repr(C)]
pub struct ErlNifEntry {
    major: c_int,
    minor: c_int,
    name: *const c_char,
    num_of_funcs: c_int,
    funcs: *const ErlNifFunc,
    load: *const c_void,
    reload: *const c_void,
    upgrade: *const c_void,
    unload: *const c_void,
    vm_variant: *const c_char,
    options: c_uint,
    sizeof_resource_type_init: usize,
    min_erts: *const c_char,
}

#[repr(C)]
struct ErlNifBinary {
    size: usize,
    data: *mut u8,
    ref_bin: *mut c_void,
    spare: [*mut c_void; 2],
}

extern "C" {
    fn enif_get_long(env: *mut ErlNifEnv, term: ERL_NIF_TERM, ip: *mut c_long) -> c_int;
    fn enif_make_long(env: *mut ErlNifEnv, i: c_long) -> ERL_NIF_TERM;
    fn enif_make_badarg(env: *mut ErlNifEnv) -> ERL_NIF_TERM;
    fn enif_inspect_binary(env: *mut ErlNifEnv, t: ERL_NIF_TERM, bin: *mut ErlNifBinary) -> c_int;
    fn enif_make_new_binary(env: *mut ErlNifEnv, size: usize, termp: *mut ERL_NIF_TERM) -> *mut u8;
}

extern "C" fn mul(env: *mut ErlNifEnv, _argc: c_int, argv: *const ERL_NIF_TERM) -> ERL_NIF_TERM {
    unsafe {
        let (mut a, mut b): (c_long, c_long) = (0, 0);
        if enif_get_long(env, *argv, &mut a) == 0 || enif_get_long(env, *argv.add(1), &mut b) == 0 {
            return enif_make_badarg(env);
        }
        match a.checked_mul(b) {
            Some(p) => enif_make_long(env, p),
            None => enif_make_badarg(env),
        }
    }
}

extern "C" fn upcase(env: *mut ErlNifEnv, _argc: c_int, argv: *const ERL_NIF_TERM) -> ERL_NIF_TERM {
    unsafe {
        let mut bin = ErlNifBinary {
            size: 0,
            data: std::ptr::null_mut(),
            ref_bin: std::ptr::null_mut(),
            spare: [std::ptr::null_mut(); 2],
        };
        if enif_inspect_binary(env, *argv, &mut bin) == 0 {
            return enif_make_badarg(env);
        }
        let input = std::slice::from_raw_parts(bin.data, bin.size);
        let mut term: ERL_NIF_TERM = 0;
        let out = enif_make_new_binary(env, bin.size, &mut term);
        for (i, c) in input.iter().enumerate() {
            *out.add(i) = c.to_ascii_uppercase();
        }
        term
    }
}

struct Sync<T>(T);
unsafe impl<T> std::marker::Sync for Sync<T> {}

static FUNCS: Sync<[ErlNifFunc; 2]> = Sync([
    ErlNifFunc { name: b"mul\0".as_ptr() as *const c_char, arity: 2, fptr: mul, flags: 0 },
    ErlNifFunc { name: b"upcase\0".as_ptr() as *const c_char, arity: 1, fptr: upcase, flags: 0 },
]);

static ENTRY: Sync<ErlNifEntry> = Sync(ErlNifEntry {
    major: 2,
    minor: 16,
    name: b"rust_nif\0".as_ptr() as *const c_char,
    num_of_funcs: 2,
    funcs: &FUNCS.0 as *const ErlNifFunc,
    load: std::ptr::null(),
    reload: std::ptr::null(),
    upgrade: std::ptr::null(),
    unload: std::ptr::null(),
    vm_variant: b"beam.vanilla\0".as_ptr() as *const c_char,
    options: 1,
    sizeof_resource_type_init: 40,
    min_erts: b"erts-12.0\0".as_ptr() as *const c_char,
});

#[no_mangle]
pub extern "C" fn nif_init() -> *const ErlNifEntry {
    &ENTRY.0
}
