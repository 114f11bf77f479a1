package dev.tugboat.kubelet.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an image was built from, recorded next to its archive so a later build can tell whether
 * anything changed: the recipe's own fingerprint (its files, references and config), the SHA-256
 * of every host file copied in, and of the output of every command whose answer shaped the image
 * (compiler version, package candidates). Checking re-hashes those files and re-runs those commands;
 * nothing is downloaded.
 */
final class BuildInputs {

    private final String recipe;
    private final Map<String, String> files = new TreeMap<>();
    private final Map<String, String> commands = new TreeMap<>();

    BuildInputs(String recipe) {
        this.recipe = recipe;
    }

    /** Records {@code file} (after symbolic links) as an input and returns it. */
    Path file(Path file) throws IOException {
        files.put(file.toString(), hashFile(file));
        return file;
    }

    /** Runs {@code command} (which must succeed), records a hash of its output and returns the output. */
    String command(List<String> command, String missingHint, String failureHint) throws IOException {
        String output = Commands.check(command, null, missingHint, failureHint);
        commands.put(String.join("\u0000", command), hash(output.getBytes(StandardCharsets.UTF_8)));
        return output;
    }

    void save(Path stamp) throws IOException {
        ObjectNode doc = Json.object();
        doc.put("recipe", recipe);
        ObjectNode fileNode = doc.putObject("files");
        files.forEach(fileNode::put);
        ObjectNode commandNode = doc.putObject("commands");
        commands.forEach(commandNode::put);
        Path partial = stamp.resolveSibling(stamp.getFileName() + ".tmp");
        Files.write(partial, Json.bytes(doc));
        Files.move(partial, stamp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Whether the inputs recorded in {@code stamp} still hold for {@code recipe}: an absent or
     * unreadable stamp, a changed file or a different command answer all mean "build again".
     */
    static boolean unchanged(Path stamp, String recipe) {
        try {
            JsonNode doc = Json.parse(Files.readAllBytes(stamp));
            if (!recipe.equals(doc.path("recipe").asText())) {
                return false;
            }
            for (Map.Entry<String, JsonNode> e : doc.path("files").properties()) {
                if (!hashFile(Path.of(e.getKey())).equals(e.getValue().asText())) {
                    return false;
                }
            }
            for (Map.Entry<String, JsonNode> e : doc.path("commands").properties()) {
                Commands.Result result = Commands.run(List.of(e.getKey().split("\u0000")), null, "");
                if (!result.ok() || !hash(result.output().getBytes(StandardCharsets.UTF_8)).equals(e.getValue().asText())) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A fingerprint of a recipe's fixed parts, in order. */
    static String fingerprint(Object... parts) {
        List<String> texts = new ArrayList<>();
        for (Object part : parts) {
            texts.add(part instanceof byte[] bytes ? hash(bytes) : String.valueOf(part));
        }
        return hash(String.join("\u0000", texts).getBytes(StandardCharsets.UTF_8));
    }

    static String hash(byte[] bytes) {
        return "sha256:" + HexFormat.of().formatHex(OciArchive.sha256().digest(bytes));
    }

    static String hashFile(Path file) throws IOException {
        MessageDigest digest = OciArchive.sha256();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }
}
