package dev.lanegrad.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Line charts as PNG files (JFreeChart, headless), for the examples that plot. JFreeChart is a
 * test-scope dependency: the library jar itself depends on nothing.
 */
public final class Charts {
  static {
    // before any AWT class loads: no display is needed, none may exist (CI, ssh)
    if (System.getProperty("java.awt.headless") == null)
      System.setProperty("java.awt.headless", "true");
  }

  private Charts() {}

  /**
   * The folder the examples write into: the system property {@code lanegrad.examples.out}, else
   * {@code target} (relative to the working directory, the project folder under Maven).
   */
  public static Path outputDir() {
    Path dir = Path.of(System.getProperty("lanegrad.examples.out", "target"));
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir.toAbsolutePath(), e);
    }
  }

  /**
   * One chart of the given curves, x = 0, 1, 2, ... (the index in each list), as {@code
   * plt.plot(values, label=name)} for each entry, in order.
   */
  public static JFreeChart lines(
      String title,
      String xLabel,
      String yLabel,
      Map<String, ? extends List<? extends Number>> curves) {
    return lines(title, xLabel, yLabel, 0, curves);
  }

  /** {@link #lines(String, String, String, Map)} with x starting at {@code firstX} (epoch 1). */
  public static JFreeChart lines(
      String title,
      String xLabel,
      String yLabel,
      int firstX,
      Map<String, ? extends List<? extends Number>> curves) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Map.Entry<String, ? extends List<? extends Number>> c : curves.entrySet()) {
      XYSeries s = new XYSeries(c.getKey(), false, true);
      List<? extends Number> ys = c.getValue();
      for (int i = 0; i < ys.size(); i++) s.add(firstX + i, ys.get(i));
      data.addSeries(s);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    Color[] palette = {
      new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728)
    };
    for (int i = 0; i < data.getSeriesCount(); i++) {
      r.setSeriesPaint(i, palette[i % palette.length]);
      // a dashed second curve stays visible when it lies exactly on the first (seed 003)
      r.setSeriesStroke(
          i,
          i == 0
              ? new BasicStroke(3f)
              : new BasicStroke(
                  1.5f,
                  BasicStroke.CAP_BUTT,
                  BasicStroke.JOIN_MITER,
                  10f,
                  new float[] {6f, 4f},
                  0f));
    }
    plot.setRenderer(r);
    // JFreeChart draws the last series first by default; the first curve goes under the others
    plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
    plot.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    return chart;
  }

  /**
   * Draws the charts side by side into one PNG of {@code width x height} pixels each; returns its
   * path.
   */
  public static Path writePng(Path file, int width, int height, JFreeChart... charts) {
    BufferedImage image =
        new BufferedImage(width * charts.length, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      for (int i = 0; i < charts.length; i++) {
        charts[i].draw(g, new Rectangle2D.Double(i * width, 0, width, height));
      }
    } finally {
      g.dispose();
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      ImageIO.write(image, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file.toAbsolutePath(), e);
    }
    return file;
  }
}
