package dev.engram.agent.folder;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** A file's text: PDF pages through PDFBox, everything else as UTF-8. A file it cannot read fails with the reason. */
public final class TextExtractor {

    /** The file could not be read as its type says; the message is the file's error_message. */
    public static final class ParseFailure extends Exception {
        public ParseFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private TextExtractor() {
    }

    public static String text(FileTypes.Type type, byte[] bytes) throws ParseFailure {
        String text = type.pdf() ? pdf(bytes) : utf8(bytes);
        text = text.replace("\u0000", "");
        if (text.isBlank()) {
            throw new ParseFailure("No text could be extracted from the file", null);
        }
        return text;
    }

    private static String pdf(byte[] bytes) throws ParseFailure {
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            return new PDFTextStripper().getText(doc);
        } catch (IOException | RuntimeException e) {
            throw new ParseFailure("Failed to parse PDF: " + e.getMessage(), e);
        }
    }

    private static String utf8(byte[] bytes) throws ParseFailure {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            throw new ParseFailure("The file is not UTF-8 text", e);
        }
    }
}
