package io.livelog.stream.control;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The data of one {@code logs} frame: a JSON array made of one or more chunks' bytes, written as
 * they are, so a batch of chunks that many subscribers share is never copied per subscriber.
 */
public final class Payload {

  private final List<Chunk> chunks;
  private final int length;

  private Payload(List<Chunk> chunks) {
    this.chunks = chunks;
    int inner = 0;
    for (Chunk chunk : chunks) {
      inner += chunk.innerLength();
    }
    this.length = chunks.size() == 1 ? chunks.get(0).array().length : inner + chunks.size() + 1;
  }

  static Payload of(List<Chunk> chunks) {
    if (chunks.isEmpty()) {
      throw new IllegalArgumentException("a payload holds at least one chunk");
    }
    return new Payload(List.copyOf(chunks));
  }

  /** Its length in bytes. */
  public int length() {
    return length;
  }

  /** Writes the JSON array: one chunk's bytes as they are, or the chunks' contents joined. */
  public void writeTo(OutputStream out) throws IOException {
    if (chunks.size() == 1) {
      out.write(chunks.get(0).array());
      return;
    }
    out.write('[');
    boolean first = true;
    for (Chunk chunk : chunks) {
      if (!first) {
        out.write(',');
      }
      out.write(chunk.array(), 1, chunk.innerLength());
      first = false;
    }
    out.write(']');
  }

  @Override
  public String toString() {
    var out = new java.io.ByteArrayOutputStream(length);
    try {
      writeTo(out);
    } catch (IOException impossible) {
      throw new IllegalStateException(impossible);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
