package dev.engram.memory.passage;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/** Token counts with OpenAI's cl100k_base encoding, the yardstick of Letta's archival insert limit. */
final class Tokens {

    private static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    private Tokens() {
    }

    static int count(String text) {
        return ENCODING.countTokensOrdinary(text);
    }
}
