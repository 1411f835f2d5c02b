// The external term format's tag bytes (beam-reference.md §5.1), shared by the decoder and
// the encoder.
#pragma once

#include <cstdint>

namespace hamlet {

enum EtfTag : uint8_t {
    kExtNewFloat = 70,
    kExtBitBinary = 77,
    kExtCompressed = 80,
    kExtAtomCacheRef = 82,
    kExtNewPid = 88,
    kExtNewPort = 89,
    kExtNewerReference = 90,
    kExtSmallInteger = 97,
    kExtInteger = 98,
    kExtFloat = 99,
    kExtAtom = 100,
    kExtReference = 101,
    kExtPort = 102,
    kExtPid = 103,
    kExtSmallTuple = 104,
    kExtLargeTuple = 105,
    kExtNil = 106,
    kExtString = 107,
    kExtList = 108,
    kExtBinary = 109,
    kExtSmallBig = 110,
    kExtLargeBig = 111,
    kExtNewFun = 112,
    kExtExport = 113,
    kExtNewReference = 114,
    kExtSmallAtom = 115,
    kExtMap = 116,
    kExtFun = 117,
    kExtAtomUtf8 = 118,
    kExtSmallAtomUtf8 = 119,
    kExtV4Port = 120,
    kExtLocal = 121,
};

} // namespace hamlet
