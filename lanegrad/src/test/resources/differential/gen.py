#!/usr/bin/python3
"""Generates programs.txt: seeded random programs over lanegrad's op set, evaluated with
PyTorch in float64 (values, first-order gradients of a weighted sum, some second-order
gradients). DifferentialTest parses the same text and replays it in lanegrad.

Run:  /usr/bin/python3 src/test/resources/differential/gen.py [N] [seed] [out] [max steps] [family]
      (family "math": the math ops two times in three, ids from 10000, default out
      programs-math.txt; regenerate it with gen.py 200 20261207 - 9 math;
      family "nn": convolutions and pools in TF's layouts, ids from 20000, programs-nn.txt;
      regenerate it with gen.py 60 20261207 - 9 nn; family "index": indexing, gather and scatter,
      ids from 30000, programs-index.txt; regenerate it with gen.py 200 20261214 - 9 index)
(python3-torch from Debian; CI never runs this, it reads the committed programs.txt).

Inputs are kept away from the points where TF and torch differ on purpose (kinks of relu/abs/
sign, ties of maximum/minimum and of max/min reductions) and from the edges of each op's domain
(log/sqrt/pow of small bases, division by small numbers, exp of large numbers).

Format, one item per line, tokens separated by single spaces; shapes are comma lists, "s" for a
scalar; values are Python reprs of float64 (round-trip exact):
  prog ID mode             mode: sum (loss = reduce_sum(out * w)) or og (output_gradients = w)
  input NAME var|watch SHAPE v...
  cond NAME SHAPE 0|1...   a bool constant
  const NAME SHAPE v...    a float64 constant (labels of the losses), never watched
  labels NAME SHAPE i...   an int32 constant (sparse labels)
  op NAME KIND ARG... key=value...
  out NAME
  weights SHAPE v...
  value SHAPE v...
  grad NAME SHAPE v... | grad NAME none
  hess NAME_I NAME_J RSHAPE r... ; SHAPE v...   d/dNAME_J reduce_sum(r * dloss/dNAME_I)
  hess NAME_I NAME_J RSHAPE r... ; none
  igrad NAME SHAPE v... | igrad NAME none    gradient w.r.t. an intermediate result
  jac NAME SHAPE v...      tape.jacobian(out, NAME) (zeros rows where torch says unconnected)
  end
"""
import random
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

MAX_SIZE = 120
BIG_SIZE = 700
GAP = 0.05
MAX_STEPS = int(sys.argv[4]) if len(sys.argv) > 4 else 9
# "math": the ops of the math family (activations, scans, sorting, einsum, more reductions) drawn
# two times in three, written to programs-math.txt with ids from 10000
FAMILY = sys.argv[5] if len(sys.argv) > 5 else "base"
# "index": gather, gatherNd, scatterNd, unsortedSegmentSum, get, tile, pad, reverse drawn two
# times in three, written to programs-index.txt with ids from 30000
INDEX_KINDS = [
    "gather", "gather", "gather_nd", "scatter_nd", "scatter_nd", "unsorted_segment_sum", "get",
    "get", "tile", "pad", "reverse",
]
MATH_KINDS = [
    "log1p", "expm1", "reciprocal", "rsqrt", "sin", "cos", "erf", "softplus", "softsign", "elu",
    "selu", "relu6", "silu", "gelu", "gelu_tanh", "leaky_relu", "squared_difference", "floor_mod",
    "cumsum", "sort", "top_k", "einsum", "einsum", "reduce_logsumexp", "reduce_variance",
    "reduce_std", "reduce_prod", "norm", "l2_normalize", "clip_by_value",
]


def shape_str(s):
    return "s" if len(s) == 0 else ",".join(str(d) for d in s)


def vals_str(t):
    return " ".join(repr(float(v)) for v in t.detach().clone().contiguous().reshape(-1).tolist())


def size(s):
    n = 1
    for d in s:
        n *= d
    return n


def bshape(a, b):
    r = max(len(a), len(b))
    a = [1] * (r - len(a)) + list(a)
    b = [1] * (r - len(b)) + list(b)
    out = []
    for x, y in zip(a, b):
        if x != y and x != 1 and y != 1:
            return None
        out.append(max(x, y))
    return tuple(out)


class Gen:
    def __init__(self, rng, pid):
        self.rng = rng
        self.pid = pid
        self.lines = []
        self.nodes = {}   # name -> tensor
        self.inputs = []  # names
        self.used = set()
        self.count = 0
        # one program in five has larger dims, so that vector kernels run full lanes and tails
        self.big = rng.random() < 0.2
        self.max_size = BIG_SIZE if self.big else MAX_SIZE
        self.max_dim = 9 if self.big else 4

    def name(self):
        self.count += 1
        return "t%d" % self.count

    def rand_shape(self, max_rank=3):
        r = self.rng.randint(0, max_rank)
        return tuple(self.rng.randint(1, self.max_dim) for _ in range(r))

    def new_input(self, shape, positive=False):
        n = self.name()
        rng = self.rng
        vals = []
        for _ in range(size(shape)):
            if positive:
                vals.append(rng.uniform(0.5, 2.0))
            else:
                v = rng.uniform(0.1, 2.0)
                vals.append(v if rng.random() < 0.5 else -v)
        t = torch.tensor(vals, dtype=torch.float64).reshape(shape).requires_grad_(True)
        kind = "var" if rng.random() < 0.3 else "watch"
        self.lines.append("input %s %s %s %s" % (n, kind, shape_str(shape), vals_str(t)))
        self.nodes[n] = t
        self.inputs.append(n)
        return n

    def new_cond(self, shape):
        n = self.name()
        vals = [self.rng.random() < 0.5 for _ in range(size(shape))]
        t = torch.tensor(vals, dtype=torch.bool).reshape(shape)
        self.lines.append("cond %s %s %s" % (n, shape_str(shape), " ".join("1" if v else "0" for v in vals)))
        return n, t

    def emit(self, kind, args, kw, t):
        n = self.name()
        for a in args:
            self.used.add(a)
        parts = ["op", n, kind] + list(args) + ["%s=%s" % (k, v) for k, v in kw]
        self.lines.append(" ".join(parts))
        self.nodes[n] = t
        return n

    def pick(self):
        # prefer recent nodes so programs get deep
        names = list(self.nodes)
        if self.rng.random() < 0.6:
            return names[-1]
        return self.rng.choice(names)

    def compatible_shape(self, s):
        """A random shape that broadcasts with s."""
        rng = self.rng
        c = rng.random()
        if c < 0.25:
            return tuple(s)
        out = list(s)
        if c < 0.5 and out:
            out = out[rng.randint(0, len(out)):]  # drop leading dims
        for i in range(len(out)):
            if rng.random() < 0.35:
                out[i] = 1
        if rng.random() < 0.2 and len(s) <= len(out) < 4:
            out = [rng.randint(1, 3)] + out
        if size(out) * size(s) > self.max_size * 4:
            return tuple(s)
        return tuple(out)

    # ------------------------------------------------------------------ ops
    def step(self):
        rng = self.rng
        if FAMILY == "index" and rng.random() < 2 / 3:
            kind = rng.choice(INDEX_KINDS)
            return getattr(self, "op_" + kind)(kind)
        if FAMILY == "math" and rng.random() < 2 / 3:
            kind = rng.choice(MATH_KINDS)
            return getattr(self, "op_" + kind)(kind)
        kind = rng.choice([
            "add", "subtract", "multiply", "divide", "pow", "maximum", "minimum",
            "add", "multiply", "subtract",
            "negative", "abs", "square", "sqrt", "exp", "log", "sign", "relu", "sigmoid", "tanh",
            "reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_sum", "reduce_mean",
            "reshape", "transpose", "expand_dims", "squeeze", "concat", "stack", "where",
            "matmul", "matmul", "softmax", "log_softmax",
            "adds", "subs", "muls", "divs", "pows", "maximums", "rsubs",
            "cast32", "stop_gradient", "where_gt",
            "mse", "mae", "bce_logits", "bce_probs", "cce_logits", "cce_probs", "scce_logits",
            "scce_probs",
        ])
        return getattr(self, "op_" + kind if hasattr(self, "op_" + kind) else "op_binary")(kind)

    def other_for(self, a, positive=False):
        """An existing node broadcast-compatible with a (small result), else a fresh input."""
        sa = tuple(self.nodes[a].shape)
        cands = [n for n, t in self.nodes.items()
                 if bshape(sa, tuple(t.shape)) is not None
                 and size(bshape(sa, tuple(t.shape))) <= self.max_size
                 and (not positive or bool((t > 0.3).all()))]
        if cands and self.rng.random() < 0.4:
            return self.rng.choice(cands)
        return self.new_input(self.compatible_shape(sa), positive)

    def op_binary(self, kind):
        rng = self.rng
        a = self.pick()
        ta = self.nodes[a]
        if kind == "pow":
            if not bool((ta > 0.3).all()) or float(ta.abs().max()) > 5:
                return False
            b = self.new_input(self.compatible_shape(tuple(ta.shape)))
            tb = self.nodes[b]
            if float(tb.abs().max()) > 2.5:
                return False
            t = torch.pow(ta, tb)
        elif kind == "divide":
            b = self.other_for(a)
            tb = self.nodes[b]
            if float(tb.abs().min()) < 0.3:
                return False
            t = ta / tb
        else:
            b = self.other_for(a)
            tb = self.nodes[b]
            if kind in ("maximum", "minimum") and float((ta - tb).abs().min()) < GAP:
                return False
            if rng.random() < 0.5 and kind in ("add", "multiply", "maximum", "minimum"):
                a, b, ta, tb = b, a, tb, ta
            t = {"add": torch.add, "subtract": torch.sub, "multiply": torch.mul,
                 "maximum": torch.maximum, "minimum": torch.minimum}[kind](ta, tb)
        if t.numel() > self.max_size or float(t.abs().max()) > 1e4:
            return False
        return self.emit(kind, [a, b], [], t)

    def scalar_op(self, kind):
        rng = self.rng
        a = self.pick()
        ta = self.nodes[a]
        s = round(rng.uniform(-2, 2), 3)
        if kind == "adds":
            t = ta + s
        elif kind == "subs":
            t = ta - s
        elif kind == "rsubs":
            t = s - ta
        elif kind == "muls":
            t = ta * s
        elif kind == "divs":
            if abs(s) < 0.3:
                return False
            t = ta / s
        elif kind == "pows":
            s = rng.choice([2.0, 3.0, 0.5, -1.0, 1.5, -0.5, 2.5])
            if s != int(s) or s < 0:
                if not bool((ta > 0.3).all()):
                    return False
            if s < 0 and float(ta.abs().min()) < 0.3:
                return False
            if float(ta.abs().max()) > 10:
                return False
            t = torch.pow(ta, s)
        elif kind == "maximums":
            if float((ta - s).abs().min()) < GAP:
                return False
            t = torch.clamp_min(ta, s)
        return self.emit(kind, [a], [("s", repr(s))], t)

    op_adds = op_subs = op_rsubs = op_muls = op_divs = op_pows = op_maximums = scalar_op

    def unary(self, kind):
        a = self.pick()
        ta = self.nodes[a]
        if kind in ("abs", "relu", "sign") and float(ta.abs().min()) < GAP:
            return False
        if kind == "sqrt" and float(ta.min()) < 0.2:
            return False
        if kind == "log" and float(ta.min()) < 0.2:
            return False
        if kind == "exp" and float(ta.max()) > 4:
            return False
        if kind == "square" and float(ta.abs().max()) > 30:
            return False
        f = {"negative": torch.neg, "abs": torch.abs, "square": torch.square, "sqrt": torch.sqrt,
             "exp": torch.exp, "log": torch.log, "sign": torch.sign, "relu": torch.relu,
             "sigmoid": torch.sigmoid, "tanh": torch.tanh}[kind]
        return self.emit(kind, [a], [], f(ta))

    op_negative = op_abs = op_square = op_sqrt = op_exp = op_log = op_sign = op_relu = unary
    op_sigmoid = op_tanh = unary

    def reduce(self, kind):
        rng = self.rng
        a = self.pick()
        ta = self.nodes[a]
        r = ta.dim()
        keep = rng.random() < 0.4
        if r == 0 or rng.random() < 0.15:
            axes = None
        else:
            k = rng.randint(1, r)
            axes = sorted(rng.sample(range(r), k))
            axes = [ax - r if rng.random() < 0.3 else ax for ax in axes]
            rng.shuffle(axes)
        if kind in ("reduce_max", "reduce_min"):
            # the top two along the reduced axes must differ by GAP (no ties)
            if axes is None:
                flat = ta.reshape(1, -1)
            else:
                pos = sorted(ax % r for ax in axes)
                rest = [i for i in range(r) if i not in pos]
                flat = ta.permute(rest + pos).reshape(size([ta.shape[i] for i in rest]), -1)
            if flat.shape[1] > 1:
                srt = torch.sort(flat, dim=1).values
                gaps = srt[:, -1] - srt[:, -2] if kind == "reduce_max" else srt[:, 1] - srt[:, 0]
                if float(gaps.min()) < GAP:
                    return False
        f = {"reduce_sum": torch.sum, "reduce_mean": torch.mean, "reduce_max": torch.amax,
             "reduce_min": torch.amin}[kind]
        if axes is None:
            if keep and r > 0:
                t = f(ta, dim=tuple(range(r)), keepdim=True)
            else:
                t = f(ta) if kind in ("reduce_sum", "reduce_mean") else f(ta, dim=tuple(range(r)))
            kw = [("axes", "all"), ("keep", int(keep))]
        else:
            t = f(ta, dim=tuple(axes), keepdim=keep)
            kw = [("axes", ",".join(map(str, axes))), ("keep", int(keep))]
        return self.emit(kind, [a], kw, t)

    op_reduce_sum = op_reduce_mean = op_reduce_max = op_reduce_min = reduce

    def op_reshape(self, kind):
        rng = self.rng
        a = self.pick()
        ta = self.nodes[a]
        n = ta.numel()
        dims = []
        rem = n
        for _ in range(rng.randint(0, 3)):
            divs = [d for d in range(1, rem + 1) if rem % d == 0]
            d = rng.choice(divs)
            dims.append(d)
            rem //= d
        if rem != 1 or rng.random() < 0.5:
            dims.append(rem)
        if dims and rng.random() < 0.4:
            dims[rng.randrange(len(dims))] = -1
        if not dims:
            dims_s = "s"
        else:
            dims_s = ",".join(map(str, dims))
        t = ta.reshape(dims if dims else ())
        return self.emit(kind, [a], [("dims", dims_s)], t)

    def op_transpose(self, kind):
        a = self.pick()
        ta = self.nodes[a]
        r = ta.dim()
        if r < 2:
            return False
        if self.rng.random() < 0.3:
            return self.emit(kind, [a], [("perm", "rev")], ta.permute(list(range(r))[::-1]))
        perm = list(range(r))
        self.rng.shuffle(perm)
        return self.emit(kind, [a], [("perm", ",".join(map(str, perm)))], ta.permute(perm))

    def op_expand_dims(self, kind):
        a = self.pick()
        ta = self.nodes[a]
        r = ta.dim()
        if r >= 4:
            return False
        ax = self.rng.randint(-r - 1, r)
        return self.emit(kind, [a], [("axis", ax)], ta.unsqueeze(ax))

    def op_squeeze(self, kind):
        a = self.pick()
        ta = self.nodes[a]
        if 1 not in ta.shape:
            return False
        return self.emit(kind, [a], [], ta.squeeze())

    def op_concat(self, kind):
        rng = self.rng
        a = self.pick()
        ta = self.nodes[a]
        r = ta.dim()
        if r == 0:
            return False
        ax = rng.randint(-r, r - 1)
        parts = [a]
        for _ in range(rng.randint(1, 2)):
            if rng.random() < 0.25:
                parts.append(a)  # the same tensor twice: gradients must accumulate
            else:
                s = list(ta.shape)
                s[ax] = rng.randint(1, 3)
                parts.append(self.new_input(tuple(s)))
        rng.shuffle(parts)
        t = torch.cat([self.nodes[p] for p in parts], dim=ax)
        if t.numel() > self.max_size:
            return False
        return self.emit(kind, [",".join(parts)], [("axis", ax)], t)

    def op_stack(self, kind):
        rng = self.rng
        a = self.pick()
        ta = self.nodes[a]
        r = ta.dim()
        if r >= 4:
            return False
        ax = rng.randint(-r - 1, r)
        parts = [a]
        for _ in range(rng.randint(0, 2)):
            parts.append(a if rng.random() < 0.25 else self.new_input(tuple(ta.shape)))
        rng.shuffle(parts)
        t = torch.stack([self.nodes[p] for p in parts], dim=ax)
        if t.numel() > self.max_size:
            return False
        return self.emit(kind, [",".join(parts)], [("axis", ax)], t)

    def op_where(self, kind):
        a = self.pick()
        ta = self.nodes[a]
        b = self.other_for(a)
        tb = self.nodes[b]
        s = bshape(tuple(ta.shape), tuple(tb.shape))
        c, tc = self.new_cond(self.compatible_shape(s))
        if self.rng.random() < 0.5:
            a, b, ta, tb = b, a, tb, ta
        t = torch.where(tc, ta, tb)
        if t.numel() > self.max_size:
            return False
        self.nodes_cond = getattr(self, "nodes_cond", {})
        self.nodes_cond[c] = tc
        return self.emit(kind, [c, a, b], [], t)

    def op_matmul(self, kind):
        rng = self.rng
        p = self.pick()
        tp = self.nodes[p]
        if tp.dim() < 2:
            return False
        swap = rng.random() < 0.35  # the picked node is the right operand
        pflag = rng.random() < 0.3
        oflag = rng.random() < 0.3
        r0, r1 = tp.shape[-2], tp.shape[-1]
        if pflag:
            r0, r1 = r1, r0
        other = rng.randint(1, self.max_dim)
        if not swap:
            fresh2 = (other, r1) if oflag else (r1, other)      # rhs (k, n) with k = r1
        else:
            fresh2 = (r0, other) if oflag else (other, r0)      # lhs (m, k) with k = r0
        batch = list(tp.shape[:-2])
        c = rng.random()
        if c < 0.35:
            bb = []
        elif c < 0.6:
            bb = batch
        elif c < 0.8:
            bb = [1 if rng.random() < 0.5 else d for d in batch]
            if len(bb) < 2 and rng.random() < 0.5:
                bb = [rng.randint(1, 2)] + bb
        else:
            # broadcast the other way: where the picked batch dim is 1 the fresh one grows
            bb = [rng.randint(2, 3) if d == 1 else d for d in batch]
            if len(bb) < 3 and rng.random() < 0.5:
                bb = [rng.randint(1, 3)] + bb
        if not batch and not bb and rng.random() < 0.3:
            bb = [rng.randint(1, 3)]
        q = self.new_input(tuple(bb) + fresh2)
        tq = self.nodes[q]
        if not swap:
            a, b, ta_flag, tb_flag = p, q, pflag, oflag
        else:
            a, b, ta_flag, tb_flag = q, p, oflag, pflag
        ta, tb = self.nodes[a], self.nodes[b]
        x = ta.transpose(-1, -2) if ta_flag else ta
        y = tb.transpose(-1, -2) if tb_flag else tb
        t = torch.matmul(x, y)
        if t.numel() > self.max_size:
            return False
        return self.emit(kind, [a, b], [("ta", int(ta_flag)), ("tb", int(tb_flag))], t)

    def op_cast32(self, kind):
        a = self.pick()
        return self.emit(kind, [a], [], self.nodes[a].float().double())

    def op_stop_gradient(self, kind):
        a = self.pick()
        return self.emit(kind, [a], [], self.nodes[a].detach())

    def op_where_gt(self, kind):
        a = self.pick()
        ta = self.nodes[a]
        b = self.other_for(a)
        tb = self.nodes[b]
        if float((ta - tb).abs().min()) < GAP:
            return False
        c = torch.gt(ta, tb)
        x = self.other_for(a)
        y = self.other_for(b)
        s3 = bshape(tuple(c.shape), tuple(self.nodes[x].shape))
        if s3 is None or bshape(s3, tuple(self.nodes[y].shape)) is None:
            return False
        t = torch.where(c, self.nodes[x], self.nodes[y])
        if t.numel() > self.max_size:
            return False
        return self.emit(kind, [a, b, x, y], [], t)

    def new_const(self, shape, vals):
        n = self.name()
        t = torch.tensor(vals, dtype=torch.float64).reshape(shape)
        self.lines.append("const %s %s %s" % (n, shape_str(shape), vals_str(t)))
        self.nodes_const = getattr(self, "nodes_const", {})
        return n, t

    def new_labels(self, shape, classes):
        n = self.name()
        vals = [self.rng.randrange(classes) for _ in range(size(shape))]
        t = torch.tensor(vals, dtype=torch.long).reshape(shape)
        self.lines.append("labels %s %s %s" % (n, shape_str(shape), " ".join(map(str, vals))))
        return n, t

    def loss_input(self, kind):
        """The prediction operand: the picked node, through sigmoid/softmax for the
        probability forms (emitted as ops of their own)."""
        a = self.pick()
        ta = self.nodes[a]
        if ta.dim() == 0:
            return None
        if kind == "bce_probs":
            a = self.emit("sigmoid", [a], [], torch.sigmoid(ta))
        elif kind in ("cce_probs", "scce_probs"):
            a = self.emit("softmax", [a], [("axis", -1)], torch.softmax(ta, dim=-1))
        return a

    def loss(self, kind):
        rng = self.rng
        eps = 1e-7
        a = self.loss_input(kind)
        if a is None:
            return False
        ta = self.nodes[a]
        shape = tuple(ta.shape)
        if kind in ("mse", "mae"):
            b = self.new_input(shape)
            tb = self.nodes[b]
            if kind == "mae" and float((ta - tb).abs().min()) < GAP:
                return False
            d_ = ta - tb
            t = (d_ * d_).mean() if kind == "mse" else d_.abs().mean()
            # Losses.meanSquaredError(yTrue, yPred): the fresh input is yTrue
            return self.emit(kind, [b, a], [], t)
        if kind in ("bce_logits", "bce_probs"):
            if kind == "bce_logits" and float(ta.abs().min()) < GAP:
                return False
            z, tz = self.new_const(shape, [float(rng.random() < 0.5) if rng.random() < 0.7
                                           else round(rng.random(), 3) for _ in range(size(shape))])
            if kind == "bce_logits":
                t = (torch.clamp_min(ta, 0) - ta * tz + torch.log1p(torch.exp(-ta.abs()))).mean()
            else:
                pc = torch.clamp(ta, eps, 1 - eps)
                t = -(tz * torch.log(pc + eps) + (1 - tz) * torch.log(1 - pc + eps)).mean()
            return self.emit(kind, [z, a], [], t)
        if kind in ("cce_logits", "cce_probs"):
            c = shape[-1]
            vals = []
            for _ in range(size(shape[:-1])):
                if rng.random() < 0.6:
                    hot = rng.randrange(c)
                    vals += [1.0 if j == hot else 0.0 for j in range(c)]
                else:
                    w = [rng.random() for _ in range(c)]
                    tot = sum(w)
                    vals += [x / tot for x in w]
            z, tz = self.new_const(shape, vals)
            if kind == "cce_logits":
                per = -(tz * torch.log_softmax(ta, dim=-1)).sum(-1)
            else:
                p = ta / ta.sum(-1, keepdim=True)
                per = -(tz * torch.log(torch.clamp(p, eps, 1 - eps))).sum(-1)
            return self.emit(kind, [z, a], [], per.mean())
        if kind in ("scce_logits", "scce_probs"):
            c = shape[-1]
            lab, tl = self.new_labels(shape[:-1], c)
            logits = ta if kind == "scce_logits" else torch.log(torch.clamp(ta, eps, 1 - eps))
            ls = torch.log_softmax(logits, dim=-1)
            per = -torch.gather(ls, -1, tl.unsqueeze(-1)).squeeze(-1)
            return self.emit(kind, [lab, a], [], per.mean())
        raise AssertionError(kind)

    op_mse = op_mae = op_bce_logits = op_bce_probs = op_cce_logits = op_cce_probs = loss
    op_scce_logits = op_scce_probs = loss

    def op_softmax(self, kind):
        a = self.pick()
        ta = self.nodes[a]
        r = ta.dim()
        if r == 0:
            return False
        ax = self.rng.randint(-r, r - 1)
        f = torch.softmax if kind == "softmax" else torch.log_softmax
        return self.emit(kind, [a], [("axis", ax)], f(ta, dim=ax))

    op_log_softmax = op_softmax


    # ------------------------------------------------------------------ the math family
    def op_math_unary(self, kind):
        a = self.pick()
        ta = self.nodes[a]
        lo, hi = float(ta.min()) if ta.numel() else 0.0, float(ta.max()) if ta.numel() else 0.0
        amin = float(ta.abs().min()) if ta.numel() else 1.0
        if kind == "log1p" and lo < -0.5:
            return False
        if kind == "expm1" and hi > 4:
            return False
        if kind in ("reciprocal",) and amin < 0.2:
            return False
        if kind == "rsqrt" and lo < 0.2:
            return False
        if kind in ("softsign", "elu", "selu", "leaky_relu", "relu6") and amin < GAP:
            return False
        if kind == "relu6" and float((ta - 6).abs().min()) < GAP:
            return False
        if kind in ("sin", "cos", "erf", "softplus", "silu", "gelu", "gelu_tanh") and (hi > 30 or lo < -30):
            return False
        F = torch.nn.functional
        f = {"log1p": torch.log1p, "expm1": torch.expm1, "reciprocal": torch.reciprocal,
             "rsqrt": torch.rsqrt, "sin": torch.sin, "cos": torch.cos, "erf": torch.erf,
             "softplus": F.softplus, "softsign": F.softsign, "elu": F.elu, "selu": F.selu,
             "relu6": F.relu6, "silu": F.silu, "gelu": lambda x: F.gelu(x),
             "gelu_tanh": lambda x: F.gelu(x, approximate="tanh"),
             "leaky_relu": lambda x: F.leaky_relu(x, 0.2)}[kind]
        return self.emit(kind, [a], [], f(ta))

    op_log1p = op_expm1 = op_reciprocal = op_rsqrt = op_sin = op_cos = op_erf = op_math_unary
    op_softplus = op_softsign = op_elu = op_selu = op_relu6 = op_silu = op_math_unary
    op_gelu = op_gelu_tanh = op_leaky_relu = op_math_unary

    def op_squared_difference(self, kind):
        a = self.pick()
        b = self.other_for(a)
        ta, tb = self.nodes[a], self.nodes[b]
        t = (ta - tb) * (ta - tb)
        if t.numel() > self.max_size:
            return False
        return self.emit(kind, [a, b], [], t)

    def op_floor_mod(self, kind):
        a = self.pick()
        ta = self.nodes[a]
        b = self.new_input(self.compatible_shape(tuple(ta.shape)), positive=True)
        tb = self.nodes[b]
        q = ta / tb
        # away from the jumps of floor(a / b)
        if float((q - torch.round(q)).abs().min()) < GAP:
            return False
        t = torch.remainder(ta, tb)
        if t.numel() > self.max_size:
            return False
        return self.emit(kind, [a, b], [], t)

    def op_cumsum(self, kind):
        rng = self.rng
        a = self.pick()
        ta = self.nodes[a]
        r = ta.dim()
        if r == 0:
            return False
        ax = rng.randint(-r, r - 1)
        exclusive = rng.random() < 0.4
        reverse = rng.random() < 0.4
        x = torch.flip(ta, [ax]) if reverse else ta
        t = torch.cumsum(x, dim=ax)
        if exclusive:
            t = t - x
        if reverse:
            t = torch.flip(t, [ax])
        kw = [("axis", ax), ("exclusive", int(exclusive)), ("reverse", int(reverse))]
        return self.emit(kind, [a], kw, t)

    def gaps_ok(self, ta, dim):
        if ta.shape[dim] < 2:
            return True
        srt = torch.sort(ta, dim=dim).values
        return float(srt.diff(dim=dim).min()) >= GAP

    def op_sort(self, kind):
        rng = self.rng
        a = self.pick()
        ta = self.nodes[a]
        r = ta.dim()
        if r == 0:
            return False
        ax = rng.randint(-r, r - 1)
        if not self.gaps_ok(ta, ax):
            return False
        desc = rng.random() < 0.5
        t = torch.sort(ta, dim=ax, descending=desc, stable=True).values
        return self.emit(kind, [a], [("axis", ax), ("descending", int(desc))], t)

    def op_top_k(self, kind):
        a = self.pick()
        ta = self.nodes[a]
        if ta.dim() == 0 or not self.gaps_ok(ta, -1):
            return False
        k = self.rng.randint(1, ta.shape[-1])
        t = torch.topk(ta, k, dim=-1, largest=True, sorted=True).values
        return self.emit(kind, [a], [("k", k)], t)

    def op_einsum(self, kind):
        rng = self.rng
        a = self.pick()
        ta = self.nodes[a]
        r = ta.dim()
        letters = "abcd"[:r]
        c = rng.random()
        if r >= 1 and c < 0.45:
            # contract the last axis with a fresh (last, n) matrix, perhaps keeping a batch axis
            n = rng.randint(1, self.max_dim)
            b = self.new_input((ta.shape[-1], n))
            eq = "%s,%sz->%sz" % (letters, letters[-1], letters[:-1])
            operands = [a, b]
        elif r == 2 and ta.shape[0] == ta.shape[1] and c < 0.7:
            eq = rng.choice(["aa->a", "aa->", "aa"])
            operands = [a]
        elif r >= 2 and c < 0.8:
            eq = "..." + letters[-2:] + "->..." + letters[-1] + letters[-2]
            operands = [a]
        elif r >= 1:
            b = self.new_input(tuple(ta.shape))
            eq = rng.choice(["%s,%s->%s" % (letters, letters, letters[0]), "%s,%s" % (letters, letters)])
            operands = [a, b]
        else:
            return False
        ts = [self.nodes[o] for o in operands]
        t = torch.einsum(eq, *ts)
        if t.numel() > self.max_size:
            return False
        return self.emit(kind, operands, [("eq", eq)], t)

    def math_axes(self, ta):
        r = ta.dim()
        if r == 0 or self.rng.random() < 0.2:
            return None
        k = self.rng.randint(1, r)
        return sorted(self.rng.sample(range(r), k))

    def op_reduce_logsumexp(self, kind):
        a = self.pick()
        ta = self.nodes[a]
        axes = self.math_axes(ta)
        keep = self.rng.random() < 0.4
        dims = tuple(range(ta.dim())) if axes is None else tuple(axes)
        if kind == "reduce_logsumexp":
            t = torch.logsumexp(ta, dim=dims, keepdim=keep) if dims else ta.clone()
        elif kind == "reduce_variance":
            t = torch.var(ta, dim=dims, unbiased=False, keepdim=keep) if dims else (ta - ta)
        elif kind == "reduce_std":
            if ta.numel() < 2 or (dims and size([ta.shape[d] for d in dims]) < 2):
                return False  # of one element the gradient is NaN in TF (and torch)
            t = torch.std(ta, dim=dims, unbiased=False, keepdim=keep)
        elif kind == "reduce_prod":
            if float(ta.abs().min()) < GAP or float(ta.abs().max()) > 3 or ta.numel() > 40:
                return False
            t = ta
            for d in sorted(dims, reverse=True):
                t = torch.prod(t, dim=d, keepdim=True)
            if not keep:
                t = t.reshape([ta.shape[d] for d in range(ta.dim()) if d not in dims])
        else:  # norm: one axis or two, or all without keepdims (tf.norm's forms)
            if axes is None:
                keep = False
            if axes is not None and len(axes) > 2:
                axes = axes[:2]
                dims = tuple(axes)
            s = (ta * ta).sum(dim=dims, keepdim=True) if dims else ta * ta
            if float(s.min()) < 0.1:
                return False
            t = torch.sqrt(s)
            if not keep:
                t = t.reshape([ta.shape[d] for d in range(ta.dim()) if d not in dims])
        if not dims and kind != "norm":
            return False
        kw = [("axes", "all" if axes is None else ",".join(map(str, axes))), ("keep", int(keep))]
        return self.emit(kind, [a], kw, t)

    op_reduce_variance = op_reduce_std = op_reduce_prod = op_norm = op_reduce_logsumexp

    def op_l2_normalize(self, kind):
        a = self.pick()
        ta = self.nodes[a]
        if ta.dim() == 0:
            return False
        ax = self.rng.randint(-ta.dim(), ta.dim() - 1)
        s = (ta * ta).sum(dim=ax, keepdim=True)
        if float(s.min()) < 0.1:
            return False
        t = ta / torch.sqrt(torch.clamp(s, min=1e-12))
        return self.emit(kind, [a], [("axis", ax)], t)

    def op_clip_by_value(self, kind):
        a = self.pick()
        ta = self.nodes[a]
        lo = round(self.rng.uniform(-1.5, 0), 2)
        hi = round(self.rng.uniform(0.1, 1.5), 2)
        if ta.numel() and min(float((ta - lo).abs().min()), float((ta - hi).abs().min())) < GAP:
            return False
        t = torch.clamp(ta, lo, hi)
        return self.emit(kind, [a], [("lo", repr(lo)), ("hi", repr(hi))], t)

    # ------------------------------------------------------------------ the index family
    def int_list(self, vals):
        return ",".join(str(int(v)) for v in vals) if len(vals) else "none"

    def op_gather(self, kind):
        rng = self.rng
        a = self.pick()
        ta = self.nodes[a]
        r = ta.dim()
        if r == 0:
            return False
        batch = 1 if r >= 2 and rng.random() < 0.35 else 0
        ax = rng.randint(batch, r - 1)
        n = ta.shape[ax]
        ishape = tuple(ta.shape[:batch]) + tuple(rng.randint(1, 3) for _ in range(rng.randint(0, 2)))
        iv = [rng.randrange(n) for _ in range(size(ishape))]
        idx = torch.tensor(iv, dtype=torch.long).reshape(ishape)
        def take(t, i, axis):
            out = torch.index_select(t, axis, i.reshape(-1))
            return out.reshape(tuple(t.shape[:axis]) + tuple(i.shape) + tuple(t.shape[axis + 1:]))
        if batch == 0:
            t = take(ta, idx, ax)
        else:
            t = torch.stack([take(ta[b], idx[b], ax - 1) for b in range(ta.shape[0])])
        if t.numel() > self.max_size or t.numel() == 0:
            return False
        axis = ax - r if rng.random() < 0.3 else ax
        kw = [("axis", axis), ("batch", batch), ("ishape", shape_str(ishape)), ("iv", self.int_list(iv))]
        return self.emit(kind, [a], kw, t)

    def op_gather_nd(self, kind):
        rng = self.rng
        a = self.pick()
        ta = self.nodes[a]
        r = ta.dim()
        if r == 0:
            return False
        q = rng.randint(1, min(2, r))
        lead = tuple(rng.randint(1, 3) for _ in range(rng.randint(1, 2)))
        iv = []
        for _ in range(size(lead)):
            iv += [rng.randrange(ta.shape[j]) for j in range(q)]
        idx = torch.tensor(iv, dtype=torch.long).reshape(lead + (q,))
        t = ta[tuple(idx[..., j] for j in range(q))]
        if t.numel() > self.max_size or t.numel() == 0:
            return False
        kw = [("ishape", shape_str(lead + (q,))), ("iv", self.int_list(iv))]
        return self.emit(kind, [a], kw, t)

    def op_scatter_nd(self, kind):
        rng = self.rng
        a = self.pick()
        ta = self.nodes[a]
        r = ta.dim()
        if r == 0:
            return False
        k = rng.randint(1, r)  # leading axes of the updates that are index positions
        q = rng.randint(1, 2)
        head = tuple(rng.randint(1, 4) for _ in range(q))
        shape = head + tuple(ta.shape[k:])
        lead = tuple(ta.shape[:k])
        iv = []
        for _ in range(size(lead)):
            iv += [rng.randrange(head[j]) for j in range(q)]
        idx = torch.tensor(iv, dtype=torch.long).reshape(lead + (q,))
        t = torch.zeros(shape).index_put(tuple(idx[..., j] for j in range(q)), ta, accumulate=True)
        if t.numel() > self.max_size:
            return False
        kw = [("ishape", shape_str(lead + (q,))), ("iv", self.int_list(iv)), ("shape", shape_str(shape))]
        return self.emit(kind, [a], kw, t)

    def op_unsorted_segment_sum(self, kind):
        rng = self.rng
        a = self.pick()
        ta = self.nodes[a]
        if ta.dim() == 0:
            return False
        num = rng.randint(1, 4)
        ids = [rng.randrange(-1, num) for _ in range(ta.shape[0])]
        it = torch.tensor(ids, dtype=torch.long)
        keep = it >= 0
        t = torch.zeros((num,) + tuple(ta.shape[1:])).index_add(0, it[keep], ta[keep])
        if t.numel() > self.max_size:
            return False
        return self.emit(kind, [a], [("ids", self.int_list(ids)), ("num", num)], t)

    def op_get(self, kind):
        rng = self.rng
        a = self.pick()
        ta = self.nodes[a]
        r = ta.dim()
        items = []
        consumed = 0
        ell = False
        while consumed < r or (rng.random() < 0.2 and len(items) < 5):
            c = rng.random()
            if consumed < r and c < 0.25:
                d = ta.shape[consumed]
                items.append(str(rng.randrange(-d, d)))
                consumed += 1
            elif consumed < r and c < 0.8:
                parts = []
                for _ in range(2):
                    parts.append("" if rng.random() < 0.4 else str(rng.randint(-5, 5)))
                step = rng.choice(["", "1", "2", "-1", "-2", "3"])
                items.append(":".join(parts + ([step] if step else [])))
                consumed += 1
            elif c < 0.9 and not ell:
                items.append("...")
                ell = True
                consumed = r
            elif len(items) < 5:
                items.append("newaxis")
            else:
                break
            if rng.random() < 0.2:
                break
        if not items:
            items = ["..."]
        # torch: one axis at a time; a slice is an index_select of Python's slice.indices
        t = ta
        nconsume = sum(1 for it in items if it not in ("...", "newaxis"))
        ax = 0
        for it in items:
            if it == "...":
                ax += r - nconsume
            elif it == "newaxis":
                t = t.unsqueeze(ax)
                ax += 1
            elif ":" in it:
                p = it.split(":")
                v = [int(x) if x else None for x in p] + [None] * (3 - len(p))
                sel = list(range(*slice(v[0], v[1], v[2]).indices(t.shape[ax])))
                t = torch.index_select(t, ax, torch.tensor(sel, dtype=torch.long))
                ax += 1
            else:
                t = t.select(ax, int(it))
        if t is ta:
            t = ta.clone()  # "..." alone: a new node, as TF's strided slice makes one
        if t.numel() > self.max_size or t.numel() == 0:
            return False
        return self.emit(kind, [a], [("idx", ",".join(items))], t)

    def op_tile(self, kind):
        rng = self.rng
        a = self.pick()
        ta = self.nodes[a]
        m = [rng.randint(1, 3) for _ in range(ta.dim())]
        t = ta.repeat(m) if m else ta.clone()
        if t.numel() > self.max_size:
            return False
        return self.emit(kind, [a], [("m", self.int_list(m) if m else "s")], t)

    def op_pad(self, kind):
        rng = self.rng
        a = self.pick()
        ta = self.nodes[a]
        r = ta.dim()
        if r == 0:
            return False
        p = [[rng.randint(0, 2), rng.randint(0, 2)] for _ in range(r)]
        c = 0.0 if rng.random() < 0.5 else round(rng.uniform(-2, 2), 3)
        flat = []
        for b, e in reversed(p):
            flat += [b, e]
        t = torch.nn.functional.pad(ta, flat, value=c)
        if t.numel() > self.max_size:
            return False
        kw = [("p", self.int_list([v for pr in p for v in pr])), ("c", repr(c))]
        return self.emit(kind, [a], kw, t)

    def op_reverse(self, kind):
        rng = self.rng
        a = self.pick()
        ta = self.nodes[a]
        r = ta.dim()
        if r == 0:
            return False
        axes = rng.sample(range(r), rng.randint(1, r))
        axes = [x - r if rng.random() < 0.3 else x for x in axes]
        return self.emit(kind, [a], [("axes", self.int_list(axes))], torch.flip(ta, axes))

    # ------------------------------------------------------------------ program
    def program(self):
        rng = self.rng
        mode = "og" if rng.random() < 0.25 else "sum"
        for _ in range(rng.randint(1, 2)):
            self.new_input(self.rand_shape(), positive=rng.random() < 0.4)
        steps = rng.randint(2, MAX_STEPS)
        done = 0
        tries = 0
        while done < steps and tries < 200:
            tries += 1
            snapshot = (len(self.lines), dict(self.nodes), list(self.inputs), set(self.used), self.count)
            ok = self.step()
            if ok is False:
                # roll back any fresh inputs the failed attempt created
                self.lines = self.lines[:snapshot[0]]
                self.nodes, self.inputs, self.used, self.count = snapshot[1], snapshot[2], snapshot[3], snapshot[4]
                continue
            done += 1
        out = list(self.nodes)[-1]
        # with probability 0.7 fold dangling results in so that every input is connected
        if rng.random() < 0.7:
            for n in list(self.nodes):
                if n != out and n not in self.used and n not in self.inputs:
                    s = self.emit("reduce_sum", [n], [("axes", "all"), ("keep", 0)], self.nodes[n].sum())
                    out = self.emit("add", [out, s], [], self.nodes[out] + self.nodes[s])
        self.lines.append("out %s" % out)
        to = self.nodes[out]
        w = torch.tensor([rng.uniform(-1, 1) for _ in range(to.numel())]).reshape(to.shape)
        self.lines.append("weights %s %s" % (shape_str(tuple(to.shape)), vals_str(w)))
        self.lines.append("value %s %s" % (shape_str(tuple(to.shape)), vals_str(to)))
        loss = (to * w).sum()
        xs = [self.nodes[n] for n in self.inputs]
        if loss.requires_grad:
            gs = torch.autograd.grad(loss, xs, allow_unused=True, retain_graph=True, create_graph=True)
        else:
            gs = [None] * len(xs)  # everything went through stop_gradient
        for n, g in zip(self.inputs, gs):
            if g is None:
                self.lines.append("grad %s none" % n)
            else:
                self.lines.append("grad %s %s %s" % (n, shape_str(tuple(g.shape)), vals_str(g)))
        # gradients with respect to intermediate results (TF allows any recorded tensor as a
        # source): the derivative through the paths that leave that tensor
        inter = [n for n in self.nodes if n not in self.inputs and self.nodes[n].requires_grad
                 and n != out]
        if inter and loss.requires_grad:
            for n in rng.sample(inter, min(2, len(inter))):
                g = torch.autograd.grad(loss, [self.nodes[n]], allow_unused=True, retain_graph=True)[0]
                if g is None:
                    self.lines.append("igrad %s none" % n)
                else:
                    self.lines.append("igrad %s %s %s" % (n, shape_str(tuple(g.shape)), vals_str(g)))
        x0 = self.nodes[self.inputs[0]]
        if to.numel() * x0.numel() <= 64 and rng.random() < 0.5:
            if to.requires_grad:
                rows = []
                for k in range(to.numel()):
                    gk = torch.autograd.grad(to.reshape(-1)[k], [x0], allow_unused=True, retain_graph=True)[0]
                    rows.append(torch.zeros_like(x0) if gk is None else gk)
                jac = torch.stack(rows).reshape(tuple(to.shape) + tuple(x0.shape))
                self.lines.append("jac %s %s %s" % (self.inputs[0], shape_str(tuple(jac.shape)), vals_str(jac)))
        if rng.random() < 0.4:
            i = rng.randrange(len(self.inputs))
            g = gs[i]
            if g is not None:
                r = torch.tensor([rng.uniform(-1, 1) for _ in range(g.numel())]).reshape(g.shape)
                s = (g * r).sum()
                for j, nj in enumerate(self.inputs):
                    head = "hess %s %s %s %s ;" % (self.inputs[i], nj, shape_str(tuple(g.shape)), vals_str(r))
                    if not s.requires_grad:
                        h = None
                    else:
                        h = torch.autograd.grad(s, [self.nodes[nj]], allow_unused=True, retain_graph=True)[0]
                    if h is None:
                        self.lines.append(head + " none")
                    else:
                        self.lines.append(head + " %s %s" % (shape_str(tuple(h.shape)), vals_str(h)))
        self.lines.append("end")
        return "prog %d %s\n" % (self.pid, mode) + "\n".join(self.lines) + "\n"



# ---------------------------------------------------------------------- tf.nn programs
# Convolution and pooling in TF's layouts (NHWC / NWC, filters [kh, kw, in, out]) and TF's SAME
# rule (the odd padding cell at the end), translated to torch: NCHW permutes, the padding made
# explicit with F.pad (zeros for conv, -inf for max pooling), average pooling with SAME as a sum
# over the cells inside the input divided by their count (TF counts only those; torch's own
# padding is symmetric). Family "nn" (gen.py 60 20261207 - 9 nn): ids from 20000, its own fixture
# programs-nn.txt, so that the other families' programs stay as they were.


def tf_pads(n, k, s, d, same):
    """(out, before, after) of one axis, as TF's GetWindowedOutputSize."""
    ek = (k - 1) * d + 1
    if not same:
        return (n - ek) // s + 1, 0, 0
    out = (n + s - 1) // s
    total = max((out - 1) * s + ek - n, 0)
    return out, total // 2, total - total // 2


class NnGen(Gen):
    def __init__(self, rng, pid):
        Gen.__init__(self, rng, pid)
        self.big = False
        self.max_size = 400
        self.max_dim = 4

    def rand_shape(self, max_rank=3):
        rng = self.rng
        if rng.random() < 0.6:
            return (rng.randint(1, 2), rng.randint(2, 7), rng.randint(2, 7), rng.randint(1, 3))
        return (rng.randint(1, 2), rng.randint(3, 9), rng.randint(1, 3))

    def step(self):
        rng = self.rng
        kind = rng.choice(["conv", "conv", "conv", "max_pool", "max_pool", "avg_pool", "avg_pool",
                           "relu", "tanh", "adds", "muls"])
        if kind in ("relu", "tanh"):
            return self.unary(kind)
        if kind in ("adds", "muls"):
            return self.scalar_op(kind)
        return getattr(self, "nn_" + kind)()

    def spatial(self, rank, k_max=3):
        rng = self.rng
        two = rank == 4
        k = [rng.randint(1, k_max) for _ in range(2 if two else 1)]
        s = [rng.choice([1, 1, 2, 3]) for _ in k]
        d = [rng.choice([1, 1, 2]) for _ in k]
        same = rng.random() < 0.5
        return k, s, d, same

    def fits(self, shape, k, s, d, same):
        for n, kk, ss, dd in zip(shape, k, s, d):
            if not same and n < (kk - 1) * dd + 1:
                return False
        return True

    def nn_conv(self):
        rng = self.rng
        a = self.pick()
        ta = self.nodes[a]
        r = ta.dim()
        if r not in (3, 4):
            return False
        k, s, d, same = self.spatial(r)
        sp = list(ta.shape[1:-1])
        if not self.fits(sp, k, s, d, same):
            return False
        c = ta.shape[-1]
        o = rng.randint(1, 3)
        f = self.new_input(tuple(k) + (c, o))
        tf_ = self.nodes[f]
        pads = [tf_pads(n, kk, ss, dd, same) for n, kk, ss, dd in zip(sp, k, s, d)]
        if r == 4:
            x = ta.permute(0, 3, 1, 2)
            x = F.pad(x, (pads[1][1], pads[1][2], pads[0][1], pads[0][2]))
            t = F.conv2d(x.contiguous(), tf_.permute(3, 2, 0, 1).contiguous(), stride=s, dilation=d).permute(0, 2, 3, 1)
            kw = [("s", "%d,%d" % tuple(s)), ("d", "%d,%d" % tuple(d))]
            kind = "conv2d"
        else:
            x = F.pad(ta.permute(0, 2, 1), (pads[0][1], pads[0][2]))
            t = F.conv1d(x.contiguous(), tf_.permute(2, 1, 0).contiguous(), stride=s[0], dilation=d[0]).permute(0, 2, 1)
            kw = [("s", s[0]), ("d", d[0])]
            kind = "conv1d"
        if t.numel() > self.max_size or t.numel() == 0:
            return False
        return self.emit(kind, [a, f], kw + [("pad", "same" if same else "valid")], t)

    def nn_max_pool(self):
        return self.pool("max")

    def nn_avg_pool(self):
        return self.pool("avg")

    def pool(self, how):
        a = self.pick()
        ta = self.nodes[a]
        r = ta.dim()
        if r not in (3, 4):
            return False
        k, s, _, same = self.spatial(r)
        d = [1 for _ in k]
        sp = list(ta.shape[1:-1])
        if not self.fits(sp, k, s, d, same):
            return False
        pads = [tf_pads(n, kk, ss, 1, same) for n, kk, ss in zip(sp, k, s)]
        flat = []
        for p in reversed(pads):
            flat += [p[1], p[2]]
        x = ta.permute(0, r - 1, *range(1, r - 1))  # channels first
        if how == "max":
            if self.window_gap(x, flat, k, s) < GAP:
                return False
            xp = F.pad(x, flat, value=float("-inf"))
            fn = F.max_pool2d if r == 4 else F.max_pool1d
            t = fn(xp, k, s)
        else:
            xp = F.pad(x, flat)
            ones = F.pad(torch.ones_like(x), flat)
            fn = F.avg_pool2d if r == 4 else F.avg_pool1d
            t = fn(xp, k, s) / fn(ones, k, s)
        t = t.permute(0, *range(2, r), 1)
        if t.numel() > self.max_size or t.numel() == 0:
            return False
        kind = how + "_pool" + ("2d" if r == 4 else "1d")
        kw = [("k", ",".join(map(str, k))), ("s", ",".join(map(str, s))),
              ("pad", "same" if same else "valid")]
        return self.emit(kind, [a], kw, t)

    def window_gap(self, x, flat, k, s):
        """The smallest gap between the two largest cells of a window: at a tie TF (first max) and
        torch may route max pooling's gradient to different cells."""
        if len(k) == 1:
            x, flat, k, s = x.unsqueeze(2), flat + [0, 0], [1] + k, [1] + s
        if k[0] * k[1] < 2:
            return 1.0
        xp = F.pad(x.detach(), flat, value=-1e9)
        cols = F.unfold(xp, k, stride=s)  # [b, c*kh*kw, windows]
        cols = cols.reshape(x.shape[0], x.shape[1], k[0] * k[1], -1)
        top = torch.topk(cols, 2, dim=2).values
        return float((top[:, :, 0] - top[:, :, 1]).min())


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 20261130
    first = {"math": 10000, "nn": 20000, "index": 30000}.get(FAMILY, 0)
    make = NnGen if FAMILY == "nn" else Gen
    out = []
    for pid in range(first, first + n):
        rng = random.Random(seed * 1000003 + pid)
        out.append(make(rng, pid).program())
    default = {"math": "/programs-math.txt", "nn": "/programs-nn.txt",
               "index": "/programs-index.txt"}.get(FAMILY, "/programs.txt")
    path = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] != "-" else __file__.rsplit("/", 1)[0] + default
    with open(path, "w") as f:
        f.write("# generated by gen.py %d %d - %d %s with torch %s; do not edit\n"
                % (n, seed, MAX_STEPS, FAMILY, torch.__version__))
        f.write("".join(out))
    print("wrote %d programs to %s" % (n, path))


if __name__ == "__main__":
    main()
