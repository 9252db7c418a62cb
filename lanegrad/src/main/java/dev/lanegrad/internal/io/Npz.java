package dev.lanegrad.internal.io;

import dev.lanegrad.Tensor;
import dev.lanegrad.internal.ops.Check;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's {@code .npz}: a zip of {@code .npy} files, one per named array ({@code np.savez} stores
 * them, {@code np.savez_compressed} deflates them; both are read). Written stored, as {@code
 * np.savez} writes, in the map's order.
 */
public final class Npz {
  private Npz() {}

  /** The arrays by name (the entry name without {@code .npy}), in the file's order. */
  public static Map<String, Tensor> load(Path path) {
    String op = "Tensor.loadNpz";
    Check.notNull(op, "path", path);
    String name = path.toString();
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(path.toFile())) {
      Enumeration<? extends ZipEntry> es = zip.entries();
      while (es.hasMoreElements()) {
        ZipEntry e = es.nextElement();
        if (e.isDirectory()) {
          continue;
        }
        String key =
            e.getName().endsWith(".npy")
                ? e.getName().substring(0, e.getName().length() - 4)
                : e.getName();
        try (InputStream in = zip.getInputStream(e)) {
          out.put(key, Npy.read(op, name + "[" + e.getName() + "]", in, e.getSize()));
        } catch (ZipException | java.io.EOFException ze) {
          throw Npy.bad(op, name, "corrupt zip entry " + e.getName() + ": " + ze.getMessage());
        }
      }
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new UncheckedIOException(op + ": cannot read " + name + ": " + e, e);
    } catch (ZipException e) {
      throw Npy.bad(op, name, "not a .npz file (a zip archive): " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(op + ": cannot read " + name + ": " + e, e);
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Writes the arrays as {@code <name>.npy} entries, replacing the file through a temporary one.
   */
  public static void save(Path path, Map<String, Tensor> arrays) {
    String op = "Tensor.saveNpz";
    Check.notNull(op, "path", path);
    Check.notNull(op, "arrays", arrays);
    // encode everything first: a bad entry leaves the old file as it was
    Map<String, byte[]> encoded = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
      String key = e.getKey();
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException(op + ": an array name is null or empty");
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException(op + ": the array named '" + key + "' is null");
      }
      encoded.put(key + ".npy", Npy.encode(e.getValue()));
    }
    AtomicFiles.write(
        op,
        path,
        os -> {
          ZipOutputStream zip = new ZipOutputStream(os);
          for (Map.Entry<String, byte[]> e : encoded.entrySet()) {
            byte[] b = e.getValue();
            ZipEntry z = new ZipEntry(e.getKey());
            z.setMethod(ZipEntry.STORED);
            z.setSize(b.length);
            z.setCompressedSize(b.length);
            CRC32 crc = new CRC32();
            crc.update(b);
            z.setCrc(crc.getValue());
            zip.putNextEntry(z);
            zip.write(b);
            zip.closeEntry();
          }
          zip.finish();
        });
  }
}
