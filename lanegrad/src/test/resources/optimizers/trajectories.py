"""Expected trajectories of the optimizers: Keras 2.15's update formulas in NumPy.

Formulas from tf_keras/optimizers/{optimizer,sgd,adam,adamw,rmsprop,adagrad,adamax,nadam}.py
(Keras 2.15, the new optimizer API): each step clips the gradients (the first set of clipnorm,
global_clipnorm, clipvalue), decays each variable (var -= var * wd * lr), then applies the
optimizer's update, with every operation in the variable's dtype and in Keras's order. Python
numbers in Keras's expressions are cast to the dtype as TF casts them: `(1 - self.beta_1)` is taken
in double and then rounded, `1 - beta_1` after `beta_1 = tf.cast(...)` in the dtype.

Two choices the script fixes where Keras's last bit is the library's: pow is the float64 result
rounded to float32 (correctly rounded); a sum of squares (clipping's norms) adds the float32
squares in float64 in order and rounds once (TF's float32 reduce_sum adds in its own order). The
float64 runs take the learning rate as a double (Keras 2.15 holds it in a float32 variable).

Two variables, w (5 values) and b (2 values); the gradient of each is its current value (the
loss sum(w^2)/2 + sum(b^2)/2); 6 steps.

Run: python3 trajectories.py > trajectories.txt
Each line: case dtype step then the values of w and b after the step: float32 as bit patterns in
hex, float64 as repr().
"""
import math

import numpy as np


def pow_(T, a, b):
    return T(np.float64(a) ** np.float64(b))


def exp_decay32(init, steps, rate, step):
    f = np.float32
    p = f(step) / f(steps)
    return f(init) * pow_(f, f(rate), p)


class Opt:
    def __init__(self, T, lr=0.001, wd=None, clipnorm=None, global_clipnorm=None, clipvalue=None,
                 schedule=None):
        self.T = T
        self.lr_value = lr
        self.schedule = schedule
        self.wd = wd
        self.clipnorm = clipnorm
        self.global_clipnorm = global_clipnorm
        self.clipvalue = clipvalue
        self.iterations = 0
        self.slots = {}

    def lr(self):
        if self.schedule is not None:
            return self.T(self.schedule(self.iterations))  # a float32 value, widened for float64
        return self.T(self.lr_value)

    def sumsq(self, g):
        sq = (g * g).astype(np.float64)
        s = np.float64(0)
        for x in sq:
            s += x
        return self.T(s)

    def clip(self, grads):
        T = self.T
        if self.clipnorm:
            out = []
            for g in grads:
                l2sum = self.sumsq(g)
                norm = np.sqrt(l2sum) if l2sum > 0 else l2sum
                c = T(self.clipnorm)
                out.append(g * c / np.maximum(norm, c))
            return out
        if self.global_clipnorm:
            half = T(0)
            for g in grads:
                half = half + self.sumsq(g) / T(2)
            n = np.sqrt(half * T(2))
            c = T(self.global_clipnorm)
            scale = c * np.minimum(T(1) / n, T(1) / c) + (n - n)
            return [g * scale for g in grads]
        if self.clipvalue:
            c = T(self.clipvalue)
            return [np.minimum(np.maximum(g, -c), c) for g in grads]
        return grads

    def apply(self, grads, variables):
        lr = self.lr()
        grads = self.clip(grads)
        out = []
        for i, (g, w) in enumerate(zip(grads, variables)):
            if self.wd:
                w = w - w * self.T(self.wd) * lr
            out.append(self.update(i, g, w, lr, self.iterations + 1))
        self.iterations += 1
        return out

    def slot(self, i, name, like, value=0.0):
        key = (i, name)
        if key not in self.slots:
            self.slots[key] = np.full_like(like, self.T(value))
        return self.slots[key]


class SGD(Opt):
    def __init__(self, T, momentum=0.0, **kw):
        super().__init__(T, **kw)
        self.momentum = momentum

    def update(self, i, g, w, lr, t):
        if self.momentum == 0:
            return w - g * lr
        v = self.slot(i, "momentum", w)
        v = v * self.T(self.momentum) - g * lr
        self.slots[(i, "momentum")] = v
        return w + v


class Adam(Opt):
    def __init__(self, T, b1=0.9, b2=0.999, eps=1e-7, amsgrad=False, **kw):
        super().__init__(T, **kw)
        self.b1, self.b2, self.eps, self.amsgrad = b1, b2, eps, amsgrad

    def update(self, i, g, w, lr, t):
        T = self.T
        b1p = pow_(T, T(self.b1), T(t))
        b2p = pow_(T, T(self.b2), T(t))
        alpha = lr * np.sqrt(T(1) - b2p) / (T(1) - b1p)
        m = self.slot(i, "m", w)
        v = self.slot(i, "v", w)
        m = m + (g - m) * T(1 - self.b1)
        v = v + (g * g - v) * T(1 - self.b2)
        self.slots[(i, "m")] = m
        self.slots[(i, "v")] = v
        if self.amsgrad:
            vh = np.maximum(self.slot(i, "vhat", w), v)
            self.slots[(i, "vhat")] = vh
            v = vh
        return w - (m * alpha) / (np.sqrt(v) + T(self.eps))


class RMSprop(Opt):
    def __init__(self, T, rho=0.9, momentum=0.0, eps=1e-7, centered=False, **kw):
        super().__init__(T, **kw)
        self.rho, self.momentum, self.eps, self.centered = rho, momentum, eps, centered

    def update(self, i, g, w, lr, t):
        T = self.T
        rho = T(self.rho)
        c = T(1 - self.rho)
        vel = rho * self.slot(i, "velocity", w) + c * (g * g)
        self.slots[(i, "velocity")] = vel
        if self.centered:
            avg = rho * self.slot(i, "average", w) + c * g
            self.slots[(i, "average")] = avg
            den = vel - avg * avg + T(self.eps)
        else:
            den = vel + T(self.eps)
        inc = lr * g * (T(1) / np.sqrt(den))
        if self.momentum > 0:
            mom = T(self.momentum) * self.slot(i, "momentum", w) + inc
            self.slots[(i, "momentum")] = mom
            return w - mom
        return w - inc


class Adagrad(Opt):
    def __init__(self, T, initial=0.1, eps=1e-7, **kw):
        super().__init__(T, **kw)
        self.initial, self.eps = initial, eps

    def update(self, i, g, w, lr, t):
        acc = self.slot(i, "accumulator", w, self.initial) + g * g
        self.slots[(i, "accumulator")] = acc
        return w - lr * g / np.sqrt(acc + self.T(self.eps))


class Adamax(Opt):
    def __init__(self, T, b1=0.9, b2=0.999, eps=1e-7, **kw):
        super().__init__(T, **kw)
        self.b1, self.b2, self.eps = b1, b2, eps

    def update(self, i, g, w, lr, t):
        T = self.T
        b1p = pow_(T, T(self.b1), T(t))
        m = self.slot(i, "m", w)
        m = m + (g - m) * T(1 - self.b1)
        u = np.maximum(T(self.b2) * self.slot(i, "u", w), np.abs(g))
        self.slots[(i, "m")] = m
        self.slots[(i, "u")] = u
        return w - (lr * m) / ((T(1) - b1p) * (u + T(self.eps)))


class Nadam(Opt):
    def __init__(self, T, b1=0.9, b2=0.999, eps=1e-7, **kw):
        super().__init__(T, **kw)
        self.b1, self.b2, self.eps = b1, b2, eps
        self.product = T(1)
        self.product_step = 0

    def u(self, t):
        T = self.T
        return T(self.b1) * (T(1) - T(0.5) * pow_(T, T(0.96), T(t)))

    def update(self, i, g, w, lr, t):
        T = self.T
        if self.product_step < t:  # Keras multiplies the product once per step
            self.product = self.product * self.u(t)
            self.product_step = t
        ut, ut1 = self.u(t), self.u(t + 1)
        pt = self.product
        pt1 = pt * ut1
        b1, b2 = T(self.b1), T(self.b2)
        m = self.slot(i, "m", w)
        v = self.slot(i, "v", w)
        m = m + (g - m) * (T(1) - b1)
        v = v + (g * g - v) * (T(1) - b2)
        self.slots[(i, "m")] = m
        self.slots[(i, "v")] = v
        m_hat = ut1 * m / (T(1) - pt1) + (T(1) - ut) * g / (T(1) - pt)
        v_hat = v / (T(1) - pow_(T, b2, T(t)))
        return w - (m_hat * lr) / (np.sqrt(v_hat) + T(self.eps))


# the case names are the keys TrajectoryTest builds the same optimizers under
CASES = {
    "sgd_momentum_wd": lambda T: SGD(T, momentum=0.9, lr=0.1, wd=0.01),
    "adam_amsgrad": lambda T: Adam(T, amsgrad=True, lr=0.01),
    "adamw": lambda T: Adam(T, lr=0.01, wd=0.004),
    "rmsprop": lambda T: RMSprop(T, lr=0.01),
    "rmsprop_centered": lambda T: RMSprop(T, lr=0.01, centered=True),
    "rmsprop_momentum": lambda T: RMSprop(T, lr=0.01, momentum=0.9),
    "rmsprop_all": lambda T: RMSprop(T, lr=0.01, rho=0.8, momentum=0.5, centered=True, eps=1e-3),
    "adagrad": lambda T: Adagrad(T, lr=0.1),
    "adamax": lambda T: Adamax(T, lr=0.02),
    "nadam": lambda T: Nadam(T, lr=0.01),
    "adam_clipnorm": lambda T: Adam(T, lr=0.1, clipnorm=1.0),
    "sgd_global_clipnorm": lambda T: SGD(T, lr=0.1, global_clipnorm=1.0),
    "sgd_clipvalue": lambda T: SGD(T, lr=0.1, clipvalue=0.5),
    "rmsprop_schedule": lambda T: RMSprop(T, schedule=lambda s: exp_decay32(0.01, 2, 0.5, s)),
    "nadam_wd_clipnorm": lambda T: Nadam(T, lr=0.01, wd=0.1, clipnorm=2.0),
    "adamax_wd_clipvalue": lambda T: Adamax(T, lr=0.05, wd=0.05, clipvalue=1.0),
    "adagrad_global_wd": lambda T: Adagrad(T, lr=0.1, initial=0.5, global_clipnorm=0.5, wd=0.2),
}

W0 = [1.5, -2.25, 0.1, 3.0, -0.7]
B0 = [0.25, -4.0]

for name, make in CASES.items():
    for T, tag in ((np.float32, "float32"), (np.float64, "float64")):
        opt = make(T)
        # the float32 starting values in both dtypes, as the test builds its variables
        w = np.array(W0, dtype=np.float32).astype(T)
        b = np.array(B0, dtype=np.float32).astype(T)
        for step in range(6):
            w, b = opt.apply([w.copy(), b.copy()], [w, b])
            vals = list(w) + list(b)
            if T is np.float32:
                text = " ".join(f"{int(np.float32(x).view(np.uint32)):08x}" for x in vals)
            else:
                text = " ".join(repr(float(x)) for x in vals)
            print(f"{name} {tag} {step} {text}")
