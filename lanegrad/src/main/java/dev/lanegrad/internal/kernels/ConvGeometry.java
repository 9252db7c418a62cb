package dev.lanegrad.internal.kernels;

/**
 * The geometry of one 2-D window op over NHWC data (a convolution, or a pooling when {@code c == o}
 * counts channels): input {@code [n, h, w, c]}, window {@code kh x kw} with dilations {@code dh,
 * dw}, strides {@code sh, sw}, {@code pt} rows padded above and {@code pl} columns padded to the
 * left (the padding below and to the right is whatever is left over), output {@code [n, oh, ow,
 * o]}. Input cell of output {@code (oy, ox)} and window tap {@code (ky, kx)}: {@code iy = oy*sh -
 * pt + ky*dh}, {@code ix = ox*sw - pl + kx*dw}; a cell outside the input is padding. Made once per
 * op call by the ops layer, which has checked every number; kernels only read it.
 */
public final class ConvGeometry {
  public final int n;
  public final int h;
  public final int w;
  public final int c;
  public final int kh;
  public final int kw;
  public final int o;
  public final int sh;
  public final int sw;
  public final int dh;
  public final int dw;
  public final int pt;
  public final int pl;
  public final int oh;
  public final int ow;

  public ConvGeometry(
      int n,
      int h,
      int w,
      int c,
      int kh,
      int kw,
      int o,
      int sh,
      int sw,
      int dh,
      int dw,
      int pt,
      int pl,
      int oh,
      int ow) {
    this.n = n;
    this.h = h;
    this.w = w;
    this.c = c;
    this.kh = kh;
    this.kw = kw;
    this.o = o;
    this.sh = sh;
    this.sw = sw;
    this.dh = dh;
    this.dw = dw;
    this.pt = pt;
    this.pl = pl;
    this.oh = oh;
    this.ow = ow;
  }

  /** Columns of one im2col row: {@code kh * kw * c}, the depth of the GEMM. */
  public int depth() {
    return kh * kw * c;
  }

  /** Output positions over the batch: {@code n * oh * ow}, the rows of the GEMM. */
  public int rows() {
    return n * oh * ow;
  }

  /** A 1x1 window at stride 1 without padding: the input is already the im2col matrix. */
  public boolean pointwise() {
    return kh == 1 && kw == 1 && sh == 1 && sw == 1 && pt == 0 && pl == 0 && oh == h && ow == w;
  }

  @Override
  public String toString() {
    return "[n=" + n + " h=" + h + " w=" + w + " c=" + c + " k=" + kh + "x" + kw + " o=" + o + " s="
        + sh + "," + sw + " d=" + dh + "," + dw + " pad=" + pt + "," + pl + " out=" + oh + "x" + ow
        + "]";
  }
}
