package io.livelog.security.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one rule for what a reverse proxy may tell Livelog: forwarding headers ({@code
 * X-Forwarded-For}, {@code Forwarded}, {@code X-Forwarded-Proto/Host/Port}) count only when the TCP
 * peer is listed in {@code livelog.proxy.trusted} (comma-separated addresses or CIDR ranges, empty
 * by default). Anyone else could write them, so then they are ignored.
 */
@ApplicationScoped
public class TrustedProxies {

  private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  private static final int MAX_HOPS = 20;

  @Inject
  @ConfigProperty(name = "livelog.proxy.trusted")
  Optional<String> trusted = Optional.empty();

  private List<Range> ranges = List.of();

  private record Range(byte[] network, int bits) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int whole = bits / 8;
      for (int i = 0; i < whole; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      return rest == 0 || ((address[whole] ^ network[whole]) & (0xff << (8 - rest)) & 0xff) == 0;
    }
  }

  @PostConstruct
  void init() {
    List<Range> parsed = new ArrayList<>();
    for (String entry : trusted.orElse("").split(",")) {
      String text = entry.trim();
      if (text.isEmpty()) {
        continue;
      }
      int slash = text.indexOf('/');
      byte[] address = literal(slash < 0 ? text : text.substring(0, slash));
      if (address == null) {
        throw new IllegalArgumentException("livelog.proxy.trusted: not an IP address: " + text);
      }
      int bits = slash < 0 ? address.length * 8 : Integer.parseInt(text.substring(slash + 1));
      parsed.add(new Range(address, bits));
    }
    ranges = List.copyOf(parsed);
  }

  /** For tests: the trusted list as the configuration would give it. */
  public static TrustedProxies of(String trusted) {
    TrustedProxies proxies = new TrustedProxies();
    proxies.trusted = Optional.ofNullable(trusted);
    proxies.init();
    return proxies;
  }

  public boolean trusts(String peer) {
    byte[] address = literal(peer);
    return address != null && ranges.stream().anyMatch(range -> range.contains(address));
  }

  /**
   * The client's address: the peer, or, when the peer is a trusted proxy, the right-most entry of
   * {@code X-Forwarded-For} that is not itself a trusted proxy (entries further left were written
   * by the client and prove nothing).
   */
  public String clientAddress(String peer, String forwardedFor) {
    if (forwardedFor == null || forwardedFor.isBlank() || !trusts(peer)) {
      return peer;
    }
    List<String> hops = Arrays.stream(forwardedFor.split(",")).map(String::trim).toList();
    String client = peer;
    for (int i = hops.size() - 1, seen = 0; i >= 0 && seen < MAX_HOPS; i--, seen++) {
      String hop = hops.get(i);
      if (hop.isEmpty() || literal(hop) == null) {
        return client;
      }
      client = hop;
      if (!trusts(hop)) {
        return hop;
      }
    }
    return client;
  }

  /**
   * The origin the browser used, as a trusted proxy reports it ({@code Forwarded: proto=..;host=..}
   * or {@code X-Forwarded-Proto/Host/Port}), or empty when the peer is not trusted or says nothing.
   */
  public Optional<String> forwardedOrigin(String peer, UnaryOperator<String> header) {
    if (!trusts(peer)) {
      return Optional.empty();
    }
    String forwarded = header.apply("Forwarded");
    if (forwarded != null && !forwarded.isBlank()) {
      String proto = null;
      String host = null;
      for (String pair : forwarded.split(",")[0].split(";")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          String name = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
          String value = pair.substring(eq + 1).trim().replace("\"", "");
          if ("proto".equals(name)) {
            proto = value;
          } else if ("host".equals(name)) {
            host = value;
          }
        }
      }
      if (host != null) {
        return origin(proto, host, null);
      }
    }
    String host = first(header.apply("X-Forwarded-Host"));
    if (host == null) {
      return Optional.empty();
    }
    return origin(
        first(header.apply("X-Forwarded-Proto")), host, first(header.apply("X-Forwarded-Port")));
  }

  private static Optional<String> origin(String proto, String host, String port) {
    String scheme = proto == null ? "http" : proto.toLowerCase(Locale.ROOT);
    if (!"http".equals(scheme) && !"https".equals(scheme) || host.contains("/")) {
      return Optional.empty();
    }
    boolean hasPort = host.matches(".*:\\d+$") && !host.endsWith("]");
    String authority = host.toLowerCase(Locale.ROOT);
    if (!hasPort && port != null && port.matches("\\d{1,5}")) {
      boolean standard =
          "http".equals(scheme) && "80".equals(port)
              || "https".equals(scheme) && "443".equals(port);
      authority = standard ? authority : authority + ":" + port;
    }
    return Optional.of(scheme + "://" + authority);
  }

  private static String first(String value) {
    if (value == null) {
      return null;
    }
    String first = value.split(",")[0].trim();
    return first.isEmpty() ? null : first;
  }

  /** The bytes of an IP literal; never a name lookup. */
  private static byte[] literal(String text) {
    if (text == null) {
      return null;
    }
    String bare =
        text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (!IP_LITERAL.matcher(bare).matches() || !bare.contains(".") && !bare.contains(":")) {
      return null;
    }
    try {
      return InetAddress.getByName(bare).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
