package dev.lanegrad.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lanegrad.Tensor;
import dev.lanegrad.data.Dataset;
import dev.lanegrad.internal.io.EventFile;
import dev.lanegrad.nn.FitOptions;
import dev.lanegrad.nn.History;
import dev.lanegrad.nn.Losses;
import dev.lanegrad.nn.Sequential;
import dev.lanegrad.optimizers.SGD;
import java.io.File;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event files as TensorBoard reads them: TFRecord framing checked here (tensorflow/core/lib/io/
 * record_writer.cc, crc32c.h), the protobuf payloads decoded by protoc (Debian's protobuf-compiler)
 * against TensorFlow's field numbers in src/test/resources/tensorboard.
 */
class TensorBoardTest {
  @TempDir Path dir;

  /** The records of a TFRecord file, each checked against its length and data CRCs. */
  static List<byte[]> records(Path f) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
    List<byte[]> out = new ArrayList<>();
    while (b.hasRemaining()) {
      byte[] len = new byte[8];
      b.get(len);
      int lenCrc = b.getInt();
      assertEquals(mask(crc(len)), lenCrc, "length CRC of record " + out.size());
      long n = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
      byte[] data = new byte[(int) n];
      b.get(data);
      assertEquals(mask(crc(data)), b.getInt(), "data CRC of record " + out.size());
      out.add(data);
    }
    return out;
  }

  static int crc(byte[] b) {
    CRC32C c = new CRC32C();
    c.update(b);
    return (int) c.getValue();
  }

  /** crc32c.h: {@code ((crc >> 15) | (crc << 17)) + 0xa282ead8}, written out in longs here. */
  static int mask(int crc) {
    long u = crc & 0xffffffffL;
    return (int) ((((u >>> 15) | (u << 17)) + 0xa282ead8L) & 0xffffffffL);
  }

  static String protoc(String mode, byte[] data) throws Exception {
    Path proto = Path.of("src/test/resources/tensorboard/event.proto").toAbsolutePath();
    List<String> cmd = new ArrayList<>(List.of("protoc"));
    if (mode.equals("raw")) {
      cmd.add("--decode_raw");
    } else {
      cmd.add("--proto_path=" + proto.getParent());
      cmd.add("--decode=tensorflow.Event");
      cmd.add(proto.getFileName().toString());
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().write(data);
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  static boolean haveProtoc() {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, "protoc"))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void crc32cAndMaskKnownValues() {
    // the CRC-32C check value (RFC 3720's polynomial) of "123456789"
    assertEquals(0xE3069283, crc("123456789".getBytes(StandardCharsets.US_ASCII)));
    byte[] b = "hello".getBytes(StandardCharsets.US_ASCII);
    assertEquals(mask(crc(b)), EventFile.maskedCrc(b, 0, b.length));
  }

  @Test
  void fitWritesTrainAndValidationRunsThatProtocDecodes() throws Exception {
    Tensor[] d = CallbacksTest.clusters(16, 3);
    Sequential m = CallbacksTest.mlp();
    m.compile(new SGD(0.25), Losses.sparseCategoricalCrossentropy(true), "accuracy");
    Path logs = dir.resolve("logs");
    Dataset val = Dataset.fromTensorSlices(d[0], d[1]).batch(8);
    History h =
        m.fit(
            d[0],
            d[1],
            FitOptions.builder()
                .epochs(2)
                .verbose(0)
                .validationData(val)
                .callbacks(new TensorBoard(logs))
                .build());
    List<Path> trainFiles;
    try (var s = Files.list(logs.resolve("train"))) {
      trainFiles = s.toList();
    }
    assertEquals(1, trainFiles.size());
    assertTrue(trainFiles.get(0).getFileName().toString().startsWith("events.out.tfevents."));
    assertTrue(trainFiles.get(0).getFileName().toString().endsWith(".v2"));
    List<byte[]> train = records(trainFiles.get(0));
    // version, then per epoch loss, accuracy, learning rate
    assertEquals(1 + 2 * 3, train.size());
    List<byte[]> validation;
    try (var s = Files.list(logs.resolve("validation"))) {
      validation = records(s.toList().get(0));
    }
    assertEquals(1 + 2 * 2, validation.size());
    assumeTrue(haveProtoc(), "protoc (Debian's protobuf-compiler) is not installed");
    String v = protoc("event", train.get(0));
    assertTrue(v.contains("file_version: \"brain.Event:2\""), v);
    assertTrue(v.contains("wall_time: "), v);
    String loss1 = protoc("event", train.get(4));
    assertTrue(loss1.contains("step: 1"), loss1);
    assertTrue(loss1.contains("tag: \"epoch_loss\""), loss1);
    assertTrue(loss1.contains("plugin_name: \"scalars\""), loss1);
    assertTrue(loss1.contains("data_class: 1"), loss1);
    assertTrue(loss1.contains("dtype: 1"), loss1);
    assertTrue(loss1.contains("tensor_shape {\n"), loss1);
    float loss = Float.parseFloat(field(loss1, "float_val: "));
    assertEquals(h.get("loss").get(1).floatValue(), loss);
    String lr = protoc("event", train.get(6));
    assertTrue(lr.contains("tag: \"epoch_learning_rate\""), lr);
    assertEquals(0.25f, Float.parseFloat(field(lr, "float_val: ")));
    String vacc = protoc("event", validation.get(4));
    assertTrue(vacc.contains("tag: \"epoch_accuracy\"") && vacc.contains("step: 1"), vacc);
    assertEquals(
        h.get("val_accuracy").get(1).floatValue(), Float.parseFloat(field(vacc, "float_val: ")));
    // the raw decoder agrees on the field numbers: Event.summary is 5, Value.tag 1, tensor 8
    String raw = protoc("raw", train.get(4));
    assertTrue(
        raw.contains("5 {") && raw.contains("1: \"epoch_loss\"") && raw.contains("8 {"), raw);
  }

  static String field(String text, String name) {
    int i = text.indexOf(name);
    assertTrue(i >= 0, name + " in " + text);
    int e = text.indexOf('\n', i);
    return text.substring(i + name.length(), e).trim();
  }

  @Test
  void anUnwritableFolderIsNamed() throws Exception {
    Path file = dir.resolve("plain-file");
    Files.writeString(file, "x");
    TensorBoard tb = new TensorBoard(file.resolve("logs"));
    var e = assertThrows(UncheckedIOException.class, () -> tb.onTrainBegin(java.util.Map.of()));
    assertTrue(
        e.getMessage().startsWith("TensorBoard: cannot write an event file in "), e.getMessage());
    assertTrue(e.getMessage().contains("plain-file"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new TensorBoard(null));
  }
}
