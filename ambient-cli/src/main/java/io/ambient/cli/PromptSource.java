package io.ambient.cli;

import io.ambient.InvalidInputException;
import io.ambient.context.MergedContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the task comes from: exactly one of {@code --prompt}, {@code --prompt-file} and {@code --template}. Each
 * command declares the three options in a subclass (an {@code @ArgGroup}), with help text that says what the prompt
 * is for that command.
 */
abstract class PromptSource {
    String text;
    Path file;
    String template;

    /** The prompt, a {@code --template} expanded with {@code vars}. */
    String read(MergedContext context, Map<String, String> vars) {
        return template != null ? context.prompt(template, vars) : unexpanded(context);
    }

    /** The prompt as written, its {@code ${VAR}}s not filled in yet: a fan-out fills them per run. */
    String unexpanded(MergedContext context) {
        if (template != null) {
            String found = context.templates().get(template);
            if (found == null) {
                context.prompt(template, Map.of()); // throws, naming the templates the packs do have
            }
            return found;
        }
        if (text != null) {
            return text;
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("prompt file " + file + " does not exist: check the --prompt-file path");
        } catch (IOException e) {
            throw new InvalidInputException("cannot read prompt file " + file + ": " + e.getMessage());
        }
    }
}
