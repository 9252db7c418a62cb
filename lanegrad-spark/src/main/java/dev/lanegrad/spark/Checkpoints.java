package dev.lanegrad.spark;

import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Training states in a directory of a Hadoop-compatible file system ({@code file:}, {@code hdfs:},
 * {@code s3a:}, ...), one file per saved step, {@code ckpt-e<epoch>-s<step>.lgs}, so that names
 * sort as (epoch, step). A file is written under a temporary name and renamed into place, so a
 * reader never sees half of one; the two newest are kept. Serializable: rank 0 writes from its
 * executor with the driver's Hadoop configuration.
 */
final class Checkpoints implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String PREFIX = "ckpt-";
  private static final String SUFFIX = ".lgs";
  private static final int KEEP = 2;

  private final String dir;
  private transient Configuration conf;

  Checkpoints(String dir, Configuration conf) {
    this.dir = dir;
    this.conf = new Configuration(conf);
  }

  String dir() {
    return dir;
  }

  /** Writes the state atomically and deletes all but the newest {@value #KEEP} checkpoints. */
  void write(TrainState state) {
    String name =
        String.format(Locale.ROOT, "%se%06d-s%09d%s", PREFIX, state.epoch, state.step, SUFFIX);
    Path target = new Path(dir, name);
    Path tmp = new Path(dir, "_tmp-" + name + "-" + UUID.randomUUID());
    try {
      FileSystem fs = target.getFileSystem(conf);
      fs.mkdirs(new Path(dir));
      byte[] bytes = state.toBytes();
      try (OutputStream out = fs.create(tmp, true)) {
        out.write(bytes);
      }
      if (fs.exists(target)) {
        fs.delete(target, false); // the same step saved again after a retry: same bytes
      }
      if (!fs.rename(tmp, target)) {
        fs.delete(tmp, false);
        throw new IOException("rename of " + tmp + " to " + target + " failed");
      }
      List<String> names = names(fs);
      for (int i = 0; i < names.size() - KEEP; i++) {
        fs.delete(new Path(dir, names.get(i)), false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "SparkTrainer: cannot write checkpoint " + target + ": " + e.getMessage(), e);
    }
  }

  /** The newest checkpoint, or null when the directory has none. */
  TrainState latest() {
    try {
      Path d = new Path(dir);
      FileSystem fs = d.getFileSystem(conf);
      if (!fs.exists(d)) {
        return null;
      }
      List<String> names = names(fs);
      if (names.isEmpty()) {
        return null;
      }
      Path p = new Path(dir, names.get(names.size() - 1));
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      try (InputStream in = fs.open(p)) {
        in.transferTo(buf);
      }
      return TrainState.fromBytes(p.toString(), buf.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "SparkTrainer: cannot read checkpoints in " + dir + ": " + e.getMessage(), e);
    }
  }

  private List<String> names(FileSystem fs) throws IOException {
    List<String> names = new ArrayList<>();
    for (FileStatus s : fs.listStatus(new Path(dir))) {
      String n = s.getPath().getName();
      if (n.startsWith(PREFIX) && n.endsWith(SUFFIX)) {
        names.add(n);
      }
    }
    names.sort(null);
    return names;
  }

  // Configuration is a Writable, not Serializable
  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    conf.write((DataOutput) out);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    conf = new Configuration(false);
    conf.readFields((DataInput) in);
  }
}
