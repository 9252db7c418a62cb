package dev.lanegrad.internal.kernels;

/**
 * The float32 direct convolution's per-image loops (no im2col matrix): {@link DirectConvolution}
 * hands them images that need no padding (it copies a padded image into a per-thread buffer first),
 * so every tap of every output reads a cell of {@code xs}. Images are {@code [hs, ws, c]} blocks of
 * {@code xs} from {@code xo}, one after the other; output cell {@code (oy, ox)} and tap {@code (ky,
 * kx)} read cell {@code (oy*sh + ky*dh, ox*sw + kx*dw)}. Two implementations with the same bits:
 * {@link ScalarConvKernels} (the reference) and {@code SimdConvKernels}. Each output is one chain
 * of fused multiply-adds from zero in a fixed order, so the lanes, register tiles and threads
 * change nothing:
 *
 * <ul>
 *   <li>forward: {@code y[p, oc] = fma(x_k, f[k, oc], ...)} over the depth {@code k = (ky, kx, ci)}
 *       in order;
 *   <li>filter gradient: {@code part[k, oc] = fma(x_k(p), dy[p, oc], ...)} over the pixels {@code
 *       p} of the images in order.
 * </ul>
 */
interface ConvKernels {
  /** The direct kernels of this JVM: SIMD exactly when {@link KernelProvider#get()} is. */
  static ConvKernels get() {
    return Holder.K;
  }

  /**
   * Forward convolution of one unpadded image: {@code y[yo + p*o + oc]} for every output pixel
   * {@code p = oy*ow + ox} (overwritten); {@code f} is the {@code [depth, o]} filter. {@code
   * pix[p]} is the offset of pixel p's window corner in the image and {@code koff[k]} that of depth
   * row k from the corner ({@link DirectConvolution#tables}), so no tile divides.
   */
  void forwardF32(
      ConvGeometry g,
      int ws,
      float[] xs,
      int xo,
      float[] f,
      float[] y,
      int yo,
      int[] pix,
      int[] koff);

  /**
   * Filter gradient of {@code m} unpadded images of {@code hs x ws} cells from {@code xo}, whose
   * upstream rows start at {@code dy[dyo]}: {@code part[po + k*o + oc]} (overwritten).
   */
  void filterF32(
      ConvGeometry g,
      int hs,
      int ws,
      float[] xs,
      int xo,
      int m,
      float[] dy,
      int dyo,
      float[] part,
      int po);

  /** Chooses once, lazily, as {@link KernelProvider} chose. */
  final class Holder {
    static final ConvKernels K =
        KernelProvider.family(
            ConvKernels.class,
            "SimdConvKernels",
            new ScalarConvKernels()); // standards: allow once per JVM

    private Holder() {}
  }
}
