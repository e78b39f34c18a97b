package io.ambient.agent;

import io.ambient.InvalidInputException;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The model endpoint a run's agent talks to instead of its vendor's API: a gateway (LiteLLM, a corporate proxy) or a
 * self-hosted server, as an {@code http(s)} base URL. Each adapter hands it to its CLI in the CLI's own way. The URL
 * may carry credentials ({@code https://user:pass@host}): they are secrets, never shown.
 */
public final class Endpoint {
    private static final Pattern USER_INFO = Pattern.compile("(?<=//)[^/?#]*@");

    private Endpoint() {
    }

    /**
     * Checks that {@code url} is an {@code http} or {@code https} URL with a host.
     *
     * @param where what set it, for the message (e.g. {@code "the endpoint"}, {@code "profile x in f: endpoint"})
     * @throws InvalidInputException otherwise, naming the fix; the message shows the URL without its credentials
     */
    public static void requireValid(String url, String where) {
        URI uri = null;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            // Reported below, like any other URL that is not http(s) with a host.
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new InvalidInputException(where + " '" + redacted(url) + "' is not an http(s) URL with a host: give "
                    + "the base URL of the model API, e.g. https://llm-gateway.example.com");
        }
    }

    /** {@code url} with any credentials in it replaced by {@code ****}, for messages and reports. */
    public static String redacted(String url) {
        return url == null ? null : USER_INFO.matcher(url).replaceFirst("****@");
    }

    /**
     * The credentials in {@code url} (the user info, and its password part), decoded, to mask wherever they show:
     * empty for a URL without them.
     */
    public static List<String> secrets(String url) {
        List<String> secrets = new ArrayList<>();
        if (url == null) {
            return secrets;
        }
        var userInfo = USER_INFO.matcher(url);
        if (userInfo.find()) {
            String raw = userInfo.group();
            String info = raw.substring(0, raw.length() - 1);
            secrets.add(info);
            secrets.add(percentDecoded(info));
            int colon = info.indexOf(':');
            if (colon >= 0) {
                secrets.add(percentDecoded(info.substring(colon + 1)));
            }
        }
        return secrets;
    }

    /** RFC 3986 percent-decoding: unlike a form's, a {@code +} stays a plus. */
    private static String percentDecoded(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }
}
