package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Prefilter;
import java.util.List;

/**
 * Cryptocurrency wallet addresses, as Presidio's {@code CRYPTO}: Bitcoin P2PKH/P2SH addresses
 * ({@code 1...}/{@code 3...}, Base58Check with the double-SHA-256 checksum and version byte),
 * segwit addresses ({@code bc1...}, Bech32 for version 0 and Bech32m for later versions, BIP 173 and
 * 350, with witness program lengths checked) and Ethereum addresses ({@code 0x} and 40 hex digits).
 * Checksum-validated addresses score 1.0. An Ethereum address written all in lower or upper case
 * carries no checksum (and could be any 160-bit hash), so it scores 0.4 and needs context such as
 * "wallet" or "eth".
 */
public final class CryptoRecognizer extends TokenRecognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("CRYPTO");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "crypto-wallet-checksum";
  }

  @Override
  public List<String> nameHints() {
    return List.of("wallet", "btc", "bitcoin", "eth", "ethereum", "crypto");
  }

  @Override
  public List<String> contextWords() {
    return List.of("wallet", "bitcoin", "btc", "ethereum", "eth", "crypto", "address");
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.digits(1);
  }

  @Override
  protected boolean isTokenChar(char c) {
    return isAlnum(c);
  }

  @Override
  protected int minLength() {
    return 14;
  }

  @Override
  protected int maxLength() {
    return 90;
  }

  @Override
  protected double score(String t) {
    if (t.length() == 42 && t.startsWith("0x")) {
      String hex = t.substring(2);
      boolean lower = hex.equals(hex.toLowerCase(java.util.Locale.ROOT));
      boolean upper = hex.equals(hex.toUpperCase(java.util.Locale.ROOT));
      for (int i = 0; i < 40; i++) {
        char c = hex.charAt(i);
        if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) return -1;
      }
      if (lower || upper) return 0.4;
      return CryptoChecks.eip55(t) ? 1.0 : -1;
    }
    char c0 = t.charAt(0);
    if ((c0 == 'b' || c0 == 'B' || c0 == 't' || c0 == 'T') && CryptoChecks.segwit(t)) return 1.0;
    if ((c0 == '1' || c0 == '3') && CryptoChecks.bitcoinBase58(t)) return 1.0;
    return -1;
  }

  @Override
  protected String explanation() {
    return "crypto wallet address: Bitcoin Base58Check (double SHA-256), Bech32/Bech32m segwit (BCH checksum) or Ethereum 0x+40 hex (EIP-55 Keccak-256 checksum when mixed case)";
  }
}
