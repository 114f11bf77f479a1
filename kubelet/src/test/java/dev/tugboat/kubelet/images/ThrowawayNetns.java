package dev.tugboat.kubelet.images;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** A network namespace of the test's own with only lo (up) in it; closing deletes it. */
final class ThrowawayNetns implements AutoCloseable {

    private final String name;

    private ThrowawayNetns(String name) {
        this.name = name;
    }

    static ThrowawayNetns create() throws IOException, InterruptedException {
        String name = "tugboat-test-" + String.format("%08x", ThreadLocalRandom.current().nextInt());
        ExtractedLayout.run(List.of("ip", "netns", "add", name));
        ThrowawayNetns netns = new ThrowawayNetns(name);
        try {
            ExtractedLayout.run(List.of("ip", "-n", name, "link", "set", "lo", "up"));
            return netns;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            netns.close();
            throw e;
        }
    }

    /** The argument that makes nsenter run a program in this namespace. */
    String nsenterArgument() {
        return "--net=/run/netns/" + name;
    }

    @Override
    public void close() throws IOException {
        Commands.run(List.of("ip", "netns", "del", name), null, "");
    }
}
