package dev.lanegrad.spark;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The ranks of one barrier stage, connected to each other directly: one TCP connection per pair
 * (the higher rank dials the lower one), made once after the ranks swapped their addresses through
 * the barrier's {@code allGather}. {@link #exchange} sends this rank's message to every other and
 * returns everyone's, indexed by rank, so that every rank then holds the same bytes.
 *
 * <p>Reads wake up every second to notice a killed task (a failed barrier stage kills the others)
 * and give up after the stage's timeout; a rank that dies closes its sockets, so its peers see the
 * end of the stream at once.
 */
final class Mesh implements Closeable {
  private static final int POLL_MS = 1000;

  private final int rank;
  private final int size;
  private final Socket[] peers;
  private final InputStream[] in;
  private final OutputStream[] out;
  private final ExecutorService senders;
  private final long timeoutMs;
  private final BooleanSupplier killed;
  private ServerSocket server;

  private Mesh(int rank, int size, long timeoutMs, BooleanSupplier killed) {
    this.rank = rank;
    this.size = size;
    this.peers = new Socket[size];
    this.in = new InputStream[size];
    this.out = new OutputStream[size];
    this.timeoutMs = timeoutMs;
    this.killed = killed;
    this.senders =
        size > 1
            ? Executors.newFixedThreadPool(
                size - 1,
                r -> {
                  Thread t = new Thread(r, "lanegrad-mesh-send-" + rank);
                  t.setDaemon(true);
                  return t;
                })
            : null;
  }

  /** Listens on an ephemeral port of every interface; {@link #connect} completes the mesh. */
  static Mesh listen(int rank, int size, long timeoutMs, BooleanSupplier killed)
      throws IOException {
    Mesh m = new Mesh(rank, size, timeoutMs, killed);
    m.server = new ServerSocket();
    m.server.bind(new InetSocketAddress(0), size);
    m.server.setSoTimeout(POLL_MS);
    return m;
  }

  int port() {
    return server.getLocalPort();
  }

  /** Dials the lower ranks and accepts the higher ones; {@code hosts[q]} is rank q's host:port. */
  void connect(String[] addresses) throws IOException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    for (int q = 0; q < rank; q++) {
      String a = addresses[q];
      int colon = a.lastIndexOf(':');
      Socket s = new Socket();
      s.connect(
          new InetSocketAddress(a.substring(0, colon), Integer.parseInt(a.substring(colon + 1))),
          (int) Math.min(Integer.MAX_VALUE, timeoutMs));
      setUp(s);
      s.getOutputStream().write(intBytes(rank));
      s.getOutputStream().flush();
      peers[q] = s;
    }
    for (int accepted = 0; accepted < size - 1 - rank; ) {
      Socket s;
      try {
        s = server.accept();
      } catch (SocketTimeoutException e) {
        check(deadline, "the other ranks to connect");
        continue;
      }
      setUp(s);
      byte[] b = new byte[4];
      readFully(s.getInputStream(), b, deadline, "a connecting rank's number");
      int q = fromBytes(b, 0);
      if (q <= rank || q >= size || peers[q] != null) {
        s.close();
        throw new IOException("rank " + rank + ": unexpected connection from rank " + q);
      }
      peers[q] = s;
      accepted++;
    }
    server.close();
    for (int q = 0; q < size; q++) {
      if (q != rank) {
        in[q] = peers[q].getInputStream();
        out[q] = peers[q].getOutputStream();
      }
    }
  }

  /** Sends {@code mine} to every other rank; returns every rank's message, this one's included. */
  byte[][] exchange(byte[] mine) throws IOException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    byte[][] all = new byte[size][];
    all[rank] = mine;
    List<Future<?>> sends = new ArrayList<>(size - 1);
    for (int q = 0; q < size; q++) {
      if (q != rank) {
        OutputStream o = out[q];
        sends.add(
            senders.submit(() -> {
              o.write(intBytes(mine.length));
              o.write(mine);
              o.flush();
              return null;
            }));
      }
    }
    byte[] len = new byte[4];
    for (int q = 0; q < size; q++) {
      if (q != rank) {
        readFully(in[q], len, deadline, "rank " + q + "'s gradients");
        byte[] msg = new byte[fromBytes(len, 0)];
        readFully(in[q], msg, deadline, "rank " + q + "'s gradients");
        all[q] = msg;
      }
    }
    for (Future<?> f : sends) {
      while (true) {
        try {
          f.get(POLL_MS, TimeUnit.MILLISECONDS);
          break;
        } catch (TimeoutException e) {
          check(deadline, "a send to finish");
        } catch (ExecutionException e) {
          throw new IOException("rank " + rank + ": a send failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("rank " + rank + ": interrupted while sending", e);
        }
      }
    }
    return all;
  }

  private void readFully(InputStream s, byte[] b, long deadline, String what) throws IOException {
    int off = 0;
    while (off < b.length) {
      int n;
      try {
        n = s.read(b, off, b.length - off);
      } catch (SocketTimeoutException e) {
        check(deadline, what);
        continue;
      }
      if (n < 0) {
        throw new EOFException(
            "rank " + rank + ": a peer closed its connection while this rank waited for " + what);
      }
      off += n;
    }
  }

  private void check(long deadline, String what) throws IOException {
    if (killed.getAsBoolean()) {
      throw new IOException("rank " + rank + ": the task was killed while waiting for " + what);
    }
    if (System.currentTimeMillis() > deadline) {
      throw new IOException("rank " + rank + ": waited more than " + timeoutMs + " ms for " + what);
    }
  }

  private static void setUp(Socket s) throws IOException {
    s.setTcpNoDelay(true);
    s.setSoTimeout(POLL_MS);
    s.setSendBufferSize(1 << 20);
    s.setReceiveBufferSize(1 << 20);
  }

  static byte[] intBytes(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  static int fromBytes(byte[] b, int o) {
    return ((b[o] & 0xff) << 24)
        | ((b[o + 1] & 0xff) << 16)
        | ((b[o + 2] & 0xff) << 8)
        | (b[o + 3] & 0xff);
  }

  @Override
  public void close() {
    if (senders != null) {
      senders.shutdownNow();
    }
    for (Socket s : peers) {
      if (s != null) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing on the way out: nothing left to tell anyone
        }
      }
    }
    if (server != null) {
      try {
        server.close();
      } catch (IOException ignored) {
        // as above
      }
    }
  }
}
