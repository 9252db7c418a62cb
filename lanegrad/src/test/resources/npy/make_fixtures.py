#!/usr/bin/env python3
"""Writes the .npy/.npz fixtures that NpyTest reads (run: python3 make_fixtures.py, numpy >= 1.17).

Values follow formulas that NpyTest recomputes, by element index i in C order:
  float  (f2 f4 f8):  (i - 3) * 0.25
  int    (i1 i2 i4):  i * 7 - 10          u1 u2 u4: i * 7 + 200 (u1: mod 256)
  int64  (i8):        (i - 3) * 10**12 + i
  bool   (b1):        i % 3 == 0
  complex (c8 c16):   (i - 2) * 0.5 + 1j * (i * 0.25 - 1)

With --check DIR it instead loads the files that NpyTest wrote into DIR (named
<dtype>_r<rank>.npy and all.npz) and checks them against the same formulas.
"""
import io
import os
import sys
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def values(dtype, shape):
    code = dtype.lstrip("<>|=")
    n = int(np.prod(shape, dtype=np.int64))
    i = np.arange(n, dtype=np.int64)
    if code in ("f2", "f4", "f8"):
        v = (i - 3) * 0.25
    elif code in ("i1", "i2", "i4"):
        v = i * 7 - 10
    elif code in ("u1", "u2", "u4"):
        v = (i * 7 + 200) % 256 if code == "u1" else i * 7 + 200
    elif code == "i8":
        v = (i - 3) * 10**12 + i
    elif code == "b1":
        v = i % 3 == 0
    elif code in ("c8", "c16"):
        v = (i - 2) * 0.5 + 1j * (i * 0.25 - 1)
    else:
        raise ValueError(code)
    return v.astype(dtype).reshape(shape)


def save(name, arr, version=None):
    path = os.path.join(HERE, name)
    with open(path, "wb") as f:
        np.lib.format.write_array(f, arr, version=version, allow_pickle=True)


def main():
    codes = ["f4", "f8", "i4", "i8", "b1", "c8", "c16"]
    for c in codes:
        save(f"{c}_le.npy", values("<" + c if c != "b1" else "|b1", (2, 3)))
        if c != "b1":
            save(f"{c}_be.npy", values(">" + c, (2, 3)))
        # Fortran order: the same logical array, stored column-major
        save(f"{c}_fortran.npy", np.asfortranarray(values(c, (2, 3, 4))))
        save(f"{c}_scalar.npy", values(c, ()))
    for c in ["i1", "i2", "u1", "u2", "u4", "f2"]:
        save(f"{c}_widened.npy", values(c, (5,)))
    save("f8_be_fortran.npy", np.asfortranarray(values(">f8", (3, 2))))
    save("f4_empty_0x3.npy", np.zeros((0, 3), np.float32))
    save("i8_empty_2x0x4.npy", np.zeros((2, 0, 4), np.int64))
    save("f8_v2.npy", values("f8", (4,)), version=(2, 0))
    save("f8_v3.npy", values("f8", (4,)), version=(3, 0))
    save("f8_special.npy", np.array([np.nan, np.inf, -np.inf, -0.0, 5e-324, 1.7976931348623157e308]))
    save("f4_rank5.npy", values("f4", (1, 2, 1, 3, 2)))
    # invalid or unsupported
    save("unicode_U5.npy", np.array(["ab", "cde"], dtype="<U5"))
    save("object.npy", np.array([1, "x", None], dtype=object))
    save("structured.npy", np.zeros(2, dtype=[("a", "<f4"), ("b", "<i4")]))
    save("u8.npy", np.arange(3, dtype="<u8"))
    with open(os.path.join(HERE, "f8_le_truncated.npy"), "wb") as f:
        buf = io.BytesIO()
        np.save(buf, values("f8", (2, 3)))
        f.write(buf.getvalue()[:-5])
    with open(os.path.join(HERE, "bad_magic.npy"), "wb") as f:
        f.write(b"\x93NUMPZ\x01\x00" + b"{}" + b" " * 54)
    with open(os.path.join(HERE, "header_truncated.npy"), "wb") as f:
        f.write(b"\x93NUMPY\x01\x00\x76\x00{'descr': '<f8', 'fortr")
    # npz: stored (savez) and deflated (savez_compressed)
    np.savez(os.path.join(HERE, "stored.npz"), a=values("f4", (2, 2)), b=values("i8", (3,)),
             c=values("b1", ()))
    np.savez_compressed(os.path.join(HERE, "deflated.npz"), values("f8", (3, 2)),
                        values("c8", (2,)))
    with open(os.path.join(HERE, "not_a_zip.npz"), "wb") as f:
        f.write(b"PK\x03\x04 this is not really a zip file")


def check(directory):
    seen = 0
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        if name.endswith(".npy"):
            code, rank = name[:-4].split("_r")
            arr = np.load(path)
            shape = tuple(range(2, 2 + int(rank)))
            want = values(code, shape)
            assert arr.dtype == want.dtype, (name, arr.dtype, want.dtype)
            assert arr.shape == want.shape, (name, arr.shape, want.shape)
            assert np.array_equal(arr, want), name
            seen += 1
        elif name.endswith(".npz"):
            with np.load(path) as z:
                assert list(z.keys()) == ["w", "b"], list(z.keys())
                assert np.array_equal(z["w"], values("f4", (2, 3)))
                assert np.array_equal(z["b"], values("i8", (3,)))
            with zipfile.ZipFile(path) as z:
                assert all(i.compress_type == zipfile.ZIP_STORED for i in z.infolist())
            seen += 1
    print(f"numpy read {seen} files written by lanegrad: all equal")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check(sys.argv[2])
    else:
        main()
