package io.ambient.scm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.RecordedRequest;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * GitHub's official REST API description (npm {@code @octokit/openapi}, file
 * {@code generated/api.github.com.json}, installed by {@code .ci/provision-openapi.sh}), and a check of requests a
 * MockWebServer received against it: the method and path template exist in {@code paths}, every required path
 * parameter is present and of its schema's type, every query parameter is declared, and the JSON body validates
 * against the operation's {@code requestBody} schema ({@code #/components/...} refs resolve against the whole
 * document). The spec is read from {@code $AMBIENT_GITHUB_OPENAPI} or {@link #DEFAULT_PATH}; when it is missing the
 * tests fail, naming the script.
 */
final class GitHubApiSpec {
    static final String DEFAULT_PATH =
            "/opt/ambient-test/npm/node_modules/@octokit/openapi/generated/api.github.com.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static GitHubApiSpec instance;

    private final JsonNode spec;
    private final Map<String, JsonSchema> schemas = new HashMap<>();

    private GitHubApiSpec(JsonNode spec) {
        this.spec = spec;
    }

    static synchronized GitHubApiSpec load() {
        if (instance == null) {
            String configured = System.getenv("AMBIENT_GITHUB_OPENAPI");
            Path path = Path.of(configured == null || configured.isBlank() ? DEFAULT_PATH : configured);
            if (!Files.isRegularFile(path)) {
                fail("GitHub's OpenAPI description not found at " + path + " ($AMBIENT_GITHUB_OPENAPI or the"
                        + " default): run .ci/provision-openapi.sh to install @octokit/openapi");
            }
            try {
                JsonNode node = MAPPER.readTree(path.toFile());
                if (!node.path("paths").isObject()) {
                    fail(path + " is not an OpenAPI document with paths: re-run .ci/provision-openapi.sh");
                }
                instance = new GitHubApiSpec(node);
            } catch (IOException e) {
                fail("cannot read " + path + ": " + e + " (re-run .ci/provision-openapi.sh)");
            }
        }
        return instance;
    }

    /** The {@code info.version} of the loaded description. */
    String version() {
        return spec.path("info").path("version").asText();
    }

    /**
     * Checks one request; {@code apiPrefix} is the mock's API root path ({@code ""} or {@code /api/v3}).
     * Returns the matched path template.
     */
    String validate(RecordedRequest request, String apiPrefix) {
        String method = request.getMethod().toLowerCase(Locale.ROOT);
        HttpUrl url = request.getRequestUrl();
        String rawPath = url.encodedPath();
        assertThat(rawPath).as("request path under the API root").startsWith(apiPrefix + "/");
        String path = rawPath.substring(apiPrefix.length());

        Map<String, String> pathParams = new HashMap<>();
        String template = null;
        Iterator<String> names = spec.get("paths").fieldNames();
        while (names.hasNext()) {
            String candidate = names.next();
            Map<String, String> captured = match(candidate, path);
            if (captured != null && spec.get("paths").get(candidate).has(method)) {
                // Prefer a literal segment over a parameter ("/issues/comments/1" vs "/issues/{issue_number}").
                if (template == null || literalCount(candidate) > literalCount(template)) {
                    template = candidate;
                    pathParams = captured;
                }
            }
        }
        if (template == null) {
            fail(request.getMethod() + " " + path + " is not an operation of GitHub's REST API (" + version() + ")");
        }
        JsonNode pathItem = spec.get("paths").get(template);
        JsonNode operation = pathItem.get(method);

        List<JsonNode> parameters = new ArrayList<>();
        pathItem.path("parameters").forEach(p -> parameters.add(resolve(p)));
        operation.path("parameters").forEach(p -> parameters.add(resolve(p)));
        Set<String> declaredQuery = parameters.stream().filter(p -> p.path("in").asText().equals("query"))
                .map(p -> p.path("name").asText()).collect(Collectors.toSet());
        for (JsonNode p : parameters) {
            String name = p.path("name").asText();
            String in = p.path("in").asText();
            String type = resolve(p.path("schema")).path("type").asText();
            if (in.equals("path")) {
                assertThat(p.path("required").asBoolean()).isTrue();
                assertThat(pathParams).as("path parameter %s of %s %s", name, method, template).containsKey(name);
                checkType(name, pathParams.get(name), type);
            } else if (in.equals("query")) {
                String value = url.queryParameter(name);
                if (p.path("required").asBoolean()) {
                    assertThat(value).as("required query parameter %s", name).isNotNull();
                }
                if (value != null) {
                    checkType(name, value, type);
                }
            }
        }
        for (String q : url.queryParameterNames()) {
            assertThat(declaredQuery).as("query parameter '%s' of %s %s", q, method, template).contains(q);
        }

        JsonNode requestBody = resolve(operation.path("requestBody"));
        String bodyText = request.getBody().clone().readUtf8();
        if (requestBody.isMissingNode() || requestBody.isEmpty()) {
            assertThat(bodyText).as("%s %s takes no body", method, template).isEmpty();
        } else {
            if (requestBody.path("required").asBoolean()) {
                assertThat(bodyText).as("%s %s requires a body", method, template).isNotEmpty();
            }
            if (!bodyText.isEmpty()) {
                String contentType = request.getHeader("Content-Type");
                assertThat(contentType).as("Content-Type").startsWith("application/json");
                assertThat(requestBody.path("content").has("application/json")).isTrue();
                String pointer = "#/paths/" + escape(template) + "/" + method
                        + "/requestBody/content/application~1json/schema";
                if (operation.path("requestBody").has("$ref")) {
                    pointer = operation.path("requestBody").get("$ref").asText()
                            + "/content/application~1json/schema";
                }
                JsonNode body;
                try {
                    body = MAPPER.readTree(bodyText);
                } catch (IOException e) {
                    throw new AssertionError("body of " + method + " " + path + " is not JSON: " + bodyText, e);
                }
                Set<ValidationMessage> errors = schema(pointer).validate(body);
                assertThat(errors).as("body of %s %s against %s", method, template, pointer).isEmpty();
            }
        }
        return request.getMethod() + " " + template;
    }

    /** A schema whose root is a {@code $ref} into the whole document, so inner refs resolve. */
    private synchronized JsonSchema schema(String pointer) {
        return schemas.computeIfAbsent(pointer, p -> {
            ObjectNode root = spec.deepCopy();
            root.put("$ref", p);
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(root);
        });
    }

    private JsonNode resolve(JsonNode node) {
        for (int i = 0; i < 10 && node.has("$ref"); i++) {
            String ref = node.get("$ref").asText();
            assertThat(ref).startsWith("#/");
            node = spec.at(ref.substring(1));
        }
        return node;
    }

    private static void checkType(String name, String value, String type) {
        if (type.equals("integer")) {
            assertThat(value).as("parameter %s is an integer", name).matches("-?\\d+");
        } else if (type.equals("string")) {
            assertThat(value).as("parameter %s", name).isNotEmpty();
        }
    }

    private static Map<String, String> match(String template, String path) {
        String[] t = template.split("/", -1);
        String[] p = path.split("/", -1);
        if (t.length != p.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < t.length; i++) {
            if (t[i].startsWith("{") && t[i].endsWith("}")) {
                if (p[i].isEmpty()) {
                    return null;
                }
                params.put(t[i].substring(1, t[i].length() - 1), URLDecoder.decode(p[i], StandardCharsets.UTF_8));
            } else if (!t[i].equals(p[i])) {
                return null;
            }
        }
        return params;
    }

    private static int literalCount(String template) {
        int n = 0;
        for (String s : template.split("/")) {
            if (!s.startsWith("{")) {
                n++;
            }
        }
        return n;
    }

    private static String escape(String template) {
        return template.replace("~", "~0").replace("/", "~1");
    }
}
