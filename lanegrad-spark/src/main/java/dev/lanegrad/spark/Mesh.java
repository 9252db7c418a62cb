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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * the barrier's {@code allGather}. {@link #sendToAll} queues a message for every other rank and
 * returns while sender threads write it (the rank computes on); {@link #receive} reads the next
 * message of one rank into a reused buffer.
 *
 * <p>Reads wake up every second to notice a killed task (a failed barrier stage kills the others)
 * and give up after the stage's timeout; a rank that dies closes its sockets, so its peers see the
 * end of the stream at once.
 */
final class Mesh implements Closeable {
  private static final int POLL_MS = 1000;
  // a step's message is about the model's size (1 MB for the 784-256-256-10 MLP): one write
  private static final int BUFFER = 4 << 20;

  private final int rank;
  private final int size;
  private final Socket[] peers;
  private final InputStream[] in;
  private final OutputStream[] out;
  private final ExecutorService[] senders;
  private final byte[][] inbox;
  private final List<Future<?>> pending = new ArrayList<>();
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
    this.senders = new ExecutorService[size];
    this.inbox = new byte[size][];
    for (int q = 0; q < size; q++) {
      if (q != rank) {
        String name = "lanegrad-mesh-send-" + rank + "-to-" + q;
        senders[q] =
            Executors.newSingleThreadExecutor(r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
      }
    }
  }

  /** Listens on an ephemeral port of every interface; {@link #connect} completes the mesh. */
  static Mesh listen(int rank, int size, long timeoutMs, BooleanSupplier killed)
      throws IOException {
    Mesh m = new Mesh(rank, size, timeoutMs, killed);
    m.server = new ServerSocket();
    m.server.setReceiveBufferSize(BUFFER); // before bind: accepted sockets inherit the window
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
      readFully(s.getInputStream(), b, 4, deadline, "a connecting rank's number");
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

  /**
   * Queues {@code msg[0, length)} for every other rank and returns at once: a sender thread per
   * peer writes it while this thread goes on computing, and messages to a peer keep their order.
   * The caller leaves {@code msg} unchanged until {@link #awaitSends} returns.
   */
  void sendToAll(byte[] msg, int length) {
    for (int q = 0; q < size; q++) {
      if (q != rank) {
        OutputStream o = out[q];
        pending.add(
            senders[q].submit(() -> {
              o.write(intBytes(length));
              o.write(msg, 0, length);
              o.flush();
              return null;
            }));
      }
    }
  }

  /**
   * The next message from rank {@code q}, little-endian, in a buffer this mesh reuses: valid until
   * the next {@code receive(q)}.
   */
  ByteBuffer receive(int q) throws IOException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    byte[] len = new byte[4];
    readFully(in[q], len, 4, deadline, "rank " + q + "'s gradients");
    int n = fromBytes(len, 0);
    if (inbox[q] == null || inbox[q].length < n) {
      inbox[q] = new byte[n];
    }
    readFully(in[q], inbox[q], n, deadline, "rank " + q + "'s gradients");
    return ByteBuffer.wrap(inbox[q], 0, n).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Waits until every queued message is written; its buffer may then change. */
  void awaitSends() throws IOException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    for (Future<?> f : pending) {
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
    pending.clear();
  }

  private void readFully(InputStream s, byte[] b, int length, long deadline, String what)
      throws IOException {
    int off = 0;
    while (off < length) {
      int n;
      try {
        n = s.read(b, off, length - off);
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
    s.setSendBufferSize(BUFFER);
    s.setReceiveBufferSize(BUFFER);
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
    for (ExecutorService e : senders) {
      if (e != null) {
        e.shutdownNow();
      }
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
