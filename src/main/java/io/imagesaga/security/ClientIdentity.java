package io.imagesaga.security;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Who a client is, from the certificate it presented and the handshake verified against the CA:
 * what the journal records ({@link #subject()}) and what a policy may name (the CN, a DNS or an
 * email subject alternative name).
 *
 * @param subject the certificate's subject in RFC 2253 form, {@code CN=alice,O=example}
 * @param commonName its (first) CN, empty if it has none
 * @param dnsNames its DNS subject alternative names, lower-cased
 * @param emails its email (rfc822) subject alternative names, lower-cased
 */
public record ClientIdentity(String subject, String commonName, List<String> dnsNames,
    List<String> emails) {
  private static final int DNS = 2;
  private static final int EMAIL = 1;

  public ClientIdentity {
    dnsNames = List.copyOf(dnsNames);
    emails = List.copyOf(emails);
  }

  public static ClientIdentity of(X509Certificate certificate) {
    X500Principal principal = certificate.getSubjectX500Principal();
    RDN[] cns = X500Name.getInstance(principal.getEncoded()).getRDNs(BCStyle.CN);
    String commonName = cns.length == 0 ? ""
        : IETFUtils.valueToString(cns[0].getFirst().getValue());
    List<String> dns = new ArrayList<>();
    List<String> emails = new ArrayList<>();
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      for (List<?> name : names == null ? List.<List<?>>of() : names) {
        String value = String.valueOf(name.get(1)).toLowerCase(Locale.ROOT);
        if (Integer.valueOf(DNS).equals(name.get(0))) {
          dns.add(value);
        } else if (Integer.valueOf(EMAIL).equals(name.get(0))) {
          emails.add(value);
        }
      }
    } catch (CertificateParsingException unreadable) {
      // names the JDK cannot parse are names no policy can match: the CN still can
    }
    return new ClientIdentity(principal.getName(X500Principal.RFC2253), commonName, dns,
        emails);
  }
}
