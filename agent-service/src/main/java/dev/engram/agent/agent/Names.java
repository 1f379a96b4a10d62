package dev.engram.agent.agent;

import java.security.SecureRandom;
import java.util.List;

/** Random "adjective-noun" names for agents created without one. */
final class Names {

    private static final List<String> ADJECTIVES = List.of("amber", "brave", "bright", "calm", "clever", "cosmic", "curious",
            "daring", "eager", "gentle", "golden", "humble", "jolly", "keen", "lively", "lucid", "mellow", "nimble", "noble",
            "patient", "quiet", "rapid", "serene", "sharp", "silver", "steady", "swift", "tidy", "vivid", "witty");
    private static final List<String> NOUNS = List.of("anchor", "badger", "beacon", "canyon", "cedar", "comet", "falcon",
            "fjord", "harbor", "heron", "island", "lantern", "maple", "meadow", "nebula", "orchid", "otter", "pebble", "pine",
            "quartz", "raven", "river", "sparrow", "summit", "thistle", "tundra", "walrus", "willow", "yarrow", "zephyr");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Names() {
    }

    static String random() {
        return ADJECTIVES.get(RANDOM.nextInt(ADJECTIVES.size())) + "-" + NOUNS.get(RANDOM.nextInt(NOUNS.size()));
    }
}
