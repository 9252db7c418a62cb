package dev.lanegrad.spark;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Where the ranks of a barrier stage learn each other's addresses: a socket on the driver. Each
 * rank sends its number and address; once every rank of the stage has, each gets the list. It
 * replaces {@code BarrierTaskContext.allGather}, whose caller polls its answer with {@code
 * Thread.sleep(1000)}: a second lost at the start of every epoch (5 s of a 5-epoch job, 13 s of the
 * module's tests). A rank that registers again (a rerun of the stage after a failure) replaces its
 * earlier registration; a round ends when every rank has registered since the last.
 */
final class Rendezvous implements Closeable {
  private static final int POLL_MS = 200;

  private final ServerSocket server;
  private final Thread thread;
  private final int ranks;
  private final String host;
  private volatile boolean closed;

  private Rendezvous(String host, int ranks) throws IOException {
    this.host = host;
    this.ranks = ranks;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(0), ranks);
    server.setSoTimeout(POLL_MS);
    this.thread = new Thread(this::serve, "lanegrad-rendezvous");
    thread.setDaemon(true);
    thread.start();
  }

  /** Listens on an ephemeral port for the ranks; {@code host} is how executors reach the driver. */
  static Rendezvous open(String host, int ranks) throws IOException {
    return new Rendezvous(host, ranks);
  }

  /** {@code host:port} for the ranks. */
  String address() {
    return host + ":" + server.getLocalPort();
  }

  private void serve() {
    Socket[] sockets = new Socket[ranks];
    String[] addresses = new String[ranks];
    int registered = 0;
    while (!closed) {
      Socket s;
      try {
        s = server.accept();
      } catch (SocketTimeoutException e) {
        continue;
      } catch (IOException e) {
        break; // closed
      }
      try {
        s.setSoTimeout(10_000);
        DataInputStream in = new DataInputStream(s.getInputStream());
        int rank = in.readInt();
        String address = in.readUTF();
        if (rank < 0 || rank >= ranks) {
          s.close();
          continue;
        }
        if (sockets[rank] != null) {
          sockets[rank].close(); // an earlier attempt of this rank: its task is gone
        } else {
          registered++;
        }
        sockets[rank] = s;
        addresses[rank] = address;
      } catch (IOException e) {
        closeQuietly(s);
        continue;
      }
      if (registered == ranks) {
        for (int q = 0; q < ranks; q++) {
          try {
            DataOutputStream out = new DataOutputStream(sockets[q].getOutputStream());
            out.writeInt(ranks);
            for (String a : addresses) {
              out.writeUTF(a);
            }
            out.flush();
          } catch (IOException e) {
            // that rank died meanwhile: its peers will see its mesh connection fail
          }
          closeQuietly(sockets[q]);
          sockets[q] = null;
        }
        registered = 0;
      }
    }
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }

  /**
   * A rank's side: registers {@code address} as rank {@code rank}'s at the driver's {@code
   * rendezvous} and returns every rank's address, indexed by rank.
   */
  static String[] exchange(
      String rendezvous, int rank, String address, long timeoutMs, BooleanSupplier killed)
      throws IOException {
    int colon = rendezvous.lastIndexOf(':');
    long deadline = System.currentTimeMillis() + timeoutMs;
    try (Socket s = new Socket()) {
      s.connect(
          new InetSocketAddress(
              rendezvous.substring(0, colon), Integer.parseInt(rendezvous.substring(colon + 1))),
          (int) Math.min(Integer.MAX_VALUE, timeoutMs));
      s.setTcpNoDelay(true);
      s.setSoTimeout(POLL_MS);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeInt(rank);
      out.writeUTF(address);
      out.flush();
      // the first byte of the answer with a short timeout, to notice a kill; the rest at once
      int first;
      while (true) {
        try {
          first = s.getInputStream().read();
          break;
        } catch (SocketTimeoutException e) {
          if (killed.getAsBoolean()) {
            throw new IOException("rank " + rank + ": killed while waiting for the other ranks");
          }
          if (System.currentTimeMillis() > deadline) {
            throw new IOException(
                "rank " + rank + ": the other ranks did not register within " + timeoutMs + " ms");
          }
        }
      }
      if (first < 0) {
        throw new IOException("rank " + rank + ": the driver closed the rendezvous");
      }
      s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs));
      DataInputStream in = new DataInputStream(s.getInputStream());
      int n =
          (first << 24)
              | (in.readUnsignedByte() << 16)
              | (in.readUnsignedByte() << 8)
              | in.readUnsignedByte();
      String[] all = new String[n];
      for (int q = 0; q < n; q++) {
        all[q] = in.readUTF();
      }
      return all;
    }
  }

  private static void closeQuietly(Socket s) {
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // nothing to tell anyone
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // on the way out
    }
    try {
      thread.join(2 * POLL_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
