package io.ambient.context;

import io.ambient.InvalidInputException;

import java.util.Map;

/**
 * Packs merged for one run: the context the agent gets, and the prompt templates the packs offer.
 *
 * @param context   what the agent adapters materialise
 * @param templates prompt templates by name
 */
public record MergedContext(AgentContext context, Map<String, String> templates) {
    public MergedContext {
        templates = Map.copyOf(templates);
    }

    /**
     * The prompt from template {@code name}, expanded with {@code values}.
     *
     * @throws InvalidInputException for an unknown template or a variable without a value
     */
    public String prompt(String name, Map<String, String> values) {
        String template = templates.get(name);
        if (template == null) {
            throw new InvalidInputException("no prompt template '" + name + "' in the context packs"
                    + (templates.isEmpty() ? "" : " (they have: " + String.join(", ", new java.util.TreeSet<>(templates.keySet())) + ")")
                    + ": add it to a pack's templates or give a prompt");
        }
        return PromptTemplate.expand(name, template, values);
    }
}
