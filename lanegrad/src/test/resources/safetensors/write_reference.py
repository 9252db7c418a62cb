"""An independent safetensors writer (json + numpy only), after the format's specification:
8-byte little-endian header length, a JSON header padded with spaces to 8 bytes, raw
little-endian data. Run from this folder: python3 write_reference.py (writes the two files that
SafetensorsTest reads; they are committed beside this script)."""
import json
import struct

import numpy as np


def save(path, tensors, metadata=None):
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    offset = 0
    blobs = []
    # sorted by name, as safetensors' own writer orders tensors of one dtype
    for name in sorted(tensors):
        a = np.asarray(tensors[name]).copy(order="C")  # ascontiguousarray would make a 0-d array 1-d
        dtype = {np.dtype("<f4"): "F32", np.dtype("<f8"): "F64", np.dtype("<i4"): "I32",
                 np.dtype("<i8"): "I64", np.dtype("bool"): "BOOL"}[a.dtype.newbyteorder("<")
                                                                 if a.dtype != np.bool_ else a.dtype]
        data = a.astype(a.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(a.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


# the weights of Sequential(Dense(2, name="ref_a") on 3 inputs, Dense(1, name="ref_b"))
save("reference_model.safetensors", {
    "ref_a/kernel:0": (np.arange(6, dtype=np.float32) / np.float32(7)).reshape(3, 2),
    "ref_a/bias:0": np.array([0.5, -0.25], dtype=np.float32),
    "ref_b/kernel:0": np.array([[1.5], [-2.0]], dtype=np.float32),
    "ref_b/bias:0": np.array([0.125], dtype=np.float32),
}, {"format": "pt"})

save("reference_dtypes.safetensors", {
    "f64": np.array([0.1, -2.5, 1e300], dtype=np.float64),
    "i32": np.array([[1, -2], [3, 2147483647]], dtype=np.int32),
    "i64": np.array([-(2 ** 62), 7], dtype=np.int64),
    "flags": np.array([True, False, True], dtype=np.bool_),
    "scalar": np.float32(3.25).reshape(()),
})
