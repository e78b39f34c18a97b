package io.ambient.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real git repositories for tests, made with the git command line. */
public final class GitRepos {
    private GitRepos() {
    }

    /** A repository with one commit: {@code README.md} (with a typo) and {@code old.txt}. */
    public static Path sample(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("README.md"), "Teh sample\n");
        Files.writeString(dir.resolve("old.txt"), "obsolete\n");
        git(dir, "init", "-q");
        git(dir, "add", "-A");
        git(dir, "-c", "user.name=t", "-c", "user.email=t@invalid", "commit", "-q", "-m", "init");
        return dir;
    }

    /** Gives the tree to {@code uid:gid}, so a container running as that user can write it in bind mode. */
    public static Path chown(Path dir, String owner) throws IOException, InterruptedException {
        run(dir, "chown", "-R", owner, dir.toString());
        return dir;
    }

    public static void git(Path dir, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        run(dir, command);
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
    }
}
