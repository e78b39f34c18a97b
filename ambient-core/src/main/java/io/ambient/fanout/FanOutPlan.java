package io.ambient.fanout;

import io.ambient.InvalidInputException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The runs of a fan-out: one per shard, one per model matrix entry, or one per shard and entry, never more than a
 * cap. A matrix entry is {@code PROFILE} or {@code PROFILE:MODEL}, e.g. {@code claude-code:sonnet}, {@code codex:gpt-5},
 * {@code gemini}.
 */
public final class FanOutPlan {
    /** The default cap on the number of runs. */
    public static final int DEFAULT_MAX_RUNS = 64;

    private FanOutPlan() {
    }

    /**
     * @throws InvalidInputException for neither shards nor models, a malformed or repeated entry, or more runs than
     *                               {@code maxRuns}
     */
    public static List<PlannedRun> of(List<Shard> shards, List<String> models, int maxRuns) {
        if (shards.isEmpty() && models.isEmpty()) {
            throw new InvalidInputException("a fan-out needs shards or models: give --shard, --shards-auto, "
                    + "--shard-glob, --codeowners or --models");
        }
        int count = Math.max(1, shards.size()) * Math.max(1, models.size());
        if (count > maxRuns) {
            throw new InvalidInputException(count + " runs (" + Math.max(1, shards.size()) + " shards x "
                    + Math.max(1, models.size()) + " models) is more than the cap of " + maxRuns
                    + ": use fewer shards or models, or raise --max-runs");
        }
        List<String[]> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String model : models) {
            String[] entry = parse(model);
            if (!seen.add(model.strip())) {
                throw new InvalidInputException("model " + model + " is listed twice: give each model once");
            }
            entries.add(entry);
        }
        List<PlannedRun> runs = new ArrayList<>();
        for (Shard shard : shards.isEmpty() ? java.util.Collections.<Shard>singletonList(null) : shards) {
            for (String[] entry : entries.isEmpty() ? java.util.Collections.<String[]>singletonList(null) : entries) {
                String modelName = entry == null ? null : entry[1] == null ? entry[0] : entry[0] + "-" + entry[1];
                String name = shard == null ? modelName : entry == null ? shard.name() : shard.name() + "." + modelName;
                runs.add(new PlannedRun(safe(name), shard, entry == null ? null : entry[0], entry == null ? null : entry[1]));
            }
        }
        return runs;
    }

    private static String[] parse(String model) {
        String text = model.strip();
        int colon = text.indexOf(':');
        String profile = colon < 0 ? text : text.substring(0, colon);
        String name = colon < 0 ? null : text.substring(colon + 1);
        if (profile.isEmpty() || name != null && name.isEmpty()) {
            throw new InvalidInputException("invalid model '" + model + "': give PROFILE or PROFILE:MODEL, "
                    + "e.g. claude-code:sonnet");
        }
        return new String[] {profile, name};
    }

    /** A run name usable in run ids and directory names. */
    private static String safe(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9_.-]", "-");
        return safe.length() > 40 ? safe.substring(0, 40) : safe;
    }
}
