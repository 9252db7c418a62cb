#!/usr/bin/env python3
"""Writes layers.npz: Keras-layout weights, inputs and the outputs Keras computes from them.

Each layer's forward pass is Keras 2.15's (TF 2.15) written out in NumPy, float64, from its source:
  LSTM                keras/src/layers/rnn/lstm.py  standard_lstm (gates i, f, c, o; one kernel
                      (features, 4u), recurrent_kernel (u, 4u), bias (4u,))
  GRU                 keras/src/layers/rnn/gru.py   standard_gru, reset_after=True (gates z, r, h;
                      bias (2, 3u): input bias row, recurrent bias row)
  SimpleRNN           keras/src/layers/rnn/simple_rnn.py  SimpleRNNCell.call
  Conv2D              tf.nn.conv2d, NHWC input, HWIO filter, strides 1, VALID and SAME
  BatchNormalization  keras/src/layers/normalization/batch_normalization.py (inference with moving
                      statistics; training with batch statistics and the moving update
                      moving = moving * momentum + batch * (1 - momentum); rank 4 takes the
                      fused path, whose moving variance uses the Bessel-corrected batch variance)
  MultiHeadAttention  keras/src/layers/attention/multi_head_attention.py (einsum projections
                      "abc,cde->abde", query scaled by 1/sqrt(key_dim), softmax over keys,
                      output "abcd,cde->abe")
The Java test (KerasLayoutTest) loads these weights into lanegrad's layers and compares outputs.
Regenerate: python3 src/test/resources/keras/make_npz.py (numpy only; deterministic).
"""
import os

import numpy as np

rng = np.random.default_rng(20261207)
out = {}


def f32(a):
    return np.asarray(a, dtype=np.float32)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


# ------------------------------------------------------------------ LSTM
B, T, F, U = 2, 5, 3, 4
x = f32(rng.normal(size=(B, T, F)))
k = f32(rng.normal(size=(F, 4 * U)) * 0.5)
rk = f32(rng.normal(size=(U, 4 * U)) * 0.5)
b = f32(rng.normal(size=(4 * U,)) * 0.1)
h = np.zeros((B, U))
c = np.zeros((B, U))
seq = []
for t in range(T):
    z = x[:, t, :].astype(np.float64) @ k + h @ rk + b
    z0, z1, z2, z3 = np.split(z, 4, axis=1)
    i = sigmoid(z0)
    f = sigmoid(z1)
    c = f * c + i * np.tanh(z2)
    o = sigmoid(z3)
    h = o * np.tanh(c)
    seq.append(h)
out.update(
    lstm_x=x, lstm_kernel=k, lstm_recurrent_kernel=rk, lstm_bias=b,
    lstm_last=f32(h), lstm_sequences=f32(np.stack(seq, axis=1)))

# ------------------------------------------------------------------ GRU (reset_after=True)
x = f32(rng.normal(size=(B, T, F)))
k = f32(rng.normal(size=(F, 3 * U)) * 0.5)
rk = f32(rng.normal(size=(U, 3 * U)) * 0.5)
b = f32(rng.normal(size=(2, 3 * U)) * 0.1)
h = np.zeros((B, U))
seq = []
for t in range(T):
    mx = x[:, t, :].astype(np.float64) @ k + b[0]
    x_z, x_r, x_h = np.split(mx, 3, axis=1)
    mi = h @ rk + b[1]
    r_z, r_r, r_h = np.split(mi, 3, axis=1)
    zg = sigmoid(x_z + r_z)
    rg = sigmoid(x_r + r_r)
    hh = np.tanh(x_h + rg * r_h)
    h = zg * h + (1 - zg) * hh
    seq.append(h)
out.update(
    gru_x=x, gru_kernel=k, gru_recurrent_kernel=rk, gru_bias=b,
    gru_last=f32(h), gru_sequences=f32(np.stack(seq, axis=1)))

# ------------------------------------------------------------------ SimpleRNN
x = f32(rng.normal(size=(B, T, F)))
k = f32(rng.normal(size=(F, U)) * 0.5)
rk = f32(rng.normal(size=(U, U)) * 0.5)
b = f32(rng.normal(size=(U,)) * 0.1)
h = np.zeros((B, U))
seq = []
for t in range(T):
    h = np.tanh(x[:, t, :].astype(np.float64) @ k + b + h @ rk)
    seq.append(h)
out.update(
    rnn_x=x, rnn_kernel=k, rnn_recurrent_kernel=rk, rnn_bias=b,
    rnn_last=f32(h), rnn_sequences=f32(np.stack(seq, axis=1)))


# ------------------------------------------------------------------ Conv2D
def conv2d_valid(x, w):
    n, hh, ww, _ = x.shape
    kh, kw, _, co = w.shape
    oh, ow = hh - kh + 1, ww - kw + 1
    y = np.zeros((n, oh, ow, co))
    for i in range(oh):
        for j in range(ow):
            patch = x[:, i:i + kh, j:j + kw, :]
            y[:, i, j, :] = np.tensordot(patch, w, axes=([1, 2, 3], [0, 1, 2]))
    return y


x = f32(rng.normal(size=(2, 6, 5, 3)))
w = f32(rng.normal(size=(3, 2, 3, 4)) * 0.5)
bias = f32(rng.normal(size=(4,)) * 0.1)
out.update(conv_x=x, conv_kernel=w, conv_bias=bias,
           conv_valid=f32(conv2d_valid(x.astype(np.float64), w) + bias))
# SAME with TF's rule: total padding max((ceil(in/s)-1)*s + k - in, 0), the extra at the end
pad_h = max(6 - 1 + 3 - 6, 0)
pad_w = max(5 - 1 + 2 - 5, 0)
xp = np.pad(x.astype(np.float64),
            ((0, 0), (pad_h // 2, pad_h - pad_h // 2), (pad_w // 2, pad_w - pad_w // 2), (0, 0)))
out.update(conv_same=f32(np.maximum(conv2d_valid(xp, w) + bias, 0)))  # with relu

# ------------------------------------------------------------------ BatchNormalization
x = f32(rng.normal(size=(8, 3)) * 2 + 1)
gamma = f32(rng.normal(size=(3,)) * 0.2 + 1)
beta = f32(rng.normal(size=(3,)) * 0.1)
mm = f32(rng.normal(size=(3,)) * 0.1)
mv = f32(np.abs(rng.normal(size=(3,))) + 0.5)
eps, momentum = 1e-3, 0.99
xd = x.astype(np.float64)
infer = (xd - mm) / np.sqrt(mv + eps) * gamma + beta
mean = xd.mean(axis=0)
var = xd.var(axis=0)  # population variance, as tf.nn.moments
train = (xd - mean) / np.sqrt(var + eps) * gamma + beta
out.update(
    bn_x=x, bn_gamma=gamma, bn_beta=beta, bn_moving_mean=mm, bn_moving_variance=mv,
    bn_inference=f32(infer), bn_training=f32(train),
    # Keras 2.15 updates the moving variance with the batch variance (no Bessel correction)
    bn_new_moving_mean=f32(mm * momentum + mean * (1 - momentum)),
    bn_new_moving_variance=f32(mv * momentum + var * (1 - momentum)))

# a rank-4 input takes Keras 2's fused path (tf.compat.v1.nn.fused_batch_norm with
# exponential_avg_factor): it normalises with the batch variance but moves the moving variance
# towards the Bessel-corrected one, var * n / (n - 1), n = batch * height * width
x4 = f32(rng.normal(size=(2, 3, 3, 3)) * 1.5 - 0.5)
x4d = x4.astype(np.float64)
mean4 = x4d.mean(axis=(0, 1, 2))
var4 = x4d.var(axis=(0, 1, 2))
n4 = 2 * 3 * 3
out.update(
    bn4_x=x4,
    bn4_training=f32((x4d - mean4) / np.sqrt(var4 + eps) * gamma + beta),
    bn4_new_moving_mean=f32(mm * momentum + mean4 * (1 - momentum)),
    bn4_new_moving_variance=f32(mv * momentum + var4 * n4 / (n4 - 1) * (1 - momentum)))

# ------------------------------------------------------------------ MultiHeadAttention
Bq, Tq, Tv, Dq, Dv, H, K = 2, 3, 4, 5, 6, 2, 3
q = f32(rng.normal(size=(Bq, Tq, Dq)))
v = f32(rng.normal(size=(Bq, Tv, Dv)))
wq, bq = f32(rng.normal(size=(Dq, H, K)) * 0.4), f32(rng.normal(size=(H, K)) * 0.1)
wk, bk = f32(rng.normal(size=(Dv, H, K)) * 0.4), f32(rng.normal(size=(H, K)) * 0.1)
wv, bv = f32(rng.normal(size=(Dv, H, K)) * 0.4), f32(rng.normal(size=(H, K)) * 0.1)
wo, bo = f32(rng.normal(size=(H, K, Dq)) * 0.4), f32(rng.normal(size=(Dq,)) * 0.1)
mask = rng.random(size=(Bq, Tq, Tv)) > 0.3
mask[:, :, 0] = True


def mha(q, v, mask=None):
    qd, vd = q.astype(np.float64), v.astype(np.float64)
    Q = np.einsum("abc,cde->abde", qd, wq) + bq
    Kk = np.einsum("abc,cde->abde", vd, wk) + bk
    V = np.einsum("abc,cde->abde", vd, wv) + bv
    Q = Q * (1.0 / np.sqrt(K))
    s = np.einsum("aecd,abcd->acbe", Kk, Q)  # (batch, heads, Tq, Tv)
    if mask is not None:
        s = s + (1.0 - mask[:, None, :, :].astype(np.float64)) * -1e9
    s = s - s.max(axis=-1, keepdims=True)
    p = np.exp(s)
    p = p / p.sum(axis=-1, keepdims=True)
    o = np.einsum("acbe,aecd->abcd", p, V)
    return np.einsum("abcd,cde->abe", o, wo) + bo


out.update(
    mha_query=q, mha_value=v, mha_mask=mask,
    mha_query_kernel=wq, mha_query_bias=bq, mha_key_kernel=wk, mha_key_bias=bk,
    mha_value_kernel=wv, mha_value_bias=bv, mha_output_kernel=wo, mha_output_bias=bo,
    mha_out=f32(mha(q, v)), mha_out_masked=f32(mha(q, v, mask)))

np.savez(os.path.join(os.path.dirname(os.path.abspath(__file__)), "layers.npz"), **out)
