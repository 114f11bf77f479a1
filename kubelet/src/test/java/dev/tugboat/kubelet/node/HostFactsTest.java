package dev.tugboat.kubelet.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostFactsTest {

    @TempDir
    Path root;

    @Test
    void readsTheMachineFromAProcAndEtcTree() throws Exception {
        write("proc/meminfo", "MemTotal:       24576000 kB\nMemFree:         1000 kB\n");
        write("etc/machine-id", "3d1219c7c4c5404aaa1f6d2a48adfda4\n");
        write("proc/sys/kernel/random/boot_id", "0b6b5c1e-4a25-4a0e-9d64-7f3c2e1d0a11\n");
        write("proc/sys/kernel/osrelease", "6.18.44-fc\n");
        write("etc/os-release", "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
        write("sys/class/dmi/id/product_uuid", "EC2A1B3C-0000-1111-2222-333344445555\n");

        HostFacts h = HostFacts.read(root, root.resolve("var/lib/tugboat"), 2);

        assertThat(h.cpus()).isEqualTo(2);
        assertThat(h.memoryBytes()).isEqualTo(24576000L * 1024);
        assertThat(h.ephemeralStorageBytes()).isPositive();
        assertThat(h.machineId()).isEqualTo("3d1219c7c4c5404aaa1f6d2a48adfda4");
        assertThat(h.bootId()).isEqualTo("0b6b5c1e-4a25-4a0e-9d64-7f3c2e1d0a11");
        assertThat(h.kernelVersion()).isEqualTo("6.18.44-fc");
        assertThat(h.osImage()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
        assertThat(h.systemUuid()).isEqualTo("ec2a1b3c-0000-1111-2222-333344445555");
    }

    @Test
    void missingIdentifiersReadAsEmptyAndAMissingOsReleaseAsLinux() throws Exception {
        write("proc/meminfo", "MemTotal: 2048 kB\n");
        HostFacts h = HostFacts.read(root, root, 1);
        assertThat(h.machineId()).isEmpty();
        assertThat(h.systemUuid()).isEmpty();
        assertThat(h.osImage()).isEqualTo("Linux");
    }

    @Test
    void meminfoWithoutMemTotalIsAnError() {
        assertThatThrownBy(() -> HostFacts.memTotalBytes("MemFree: 1 kB\n"))
                .hasMessageContaining("MemTotal");
    }

    @Test
    void prettyNameAcceptsSingleQuotesAndBareValues() {
        assertThat(HostFacts.prettyName("PRETTY_NAME='Alpine Linux v3.20'")).isEqualTo("Alpine Linux v3.20");
        assertThat(HostFacts.prettyName("PRETTY_NAME=Gentoo")).isEqualTo("Gentoo");
    }

    @Test
    void thisMachineHasCpusAndMemory() throws Exception {
        HostFacts h = HostFacts.ofThisMachine(root);
        assertThat(h.cpus()).isPositive();
        assertThat(h.memoryBytes()).isGreaterThan(64L * 1024 * 1024);
        assertThat(h.kernelVersion()).isNotEmpty();
    }

    private void write(String path, String text) throws Exception {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
