package dev.engram.agent.folder;

import dev.engram.agent.web.ApiException;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The file types a folder takes, by extension: their MIME type and how the file is split into viewable lines. */
public final class FileTypes {

    /** How a file's text becomes the numbered units the file tools show. */
    public enum Lines {
        /** Lines, trimmed, blank ones dropped. */
        PLAIN,
        /** Lines with their indentation, blank ones dropped. */
        CODE,
        /** Sentences (Markdown and other prose). */
        SENTENCES
    }

    public record Type(String extension, String mimeType, Lines lines) {
        public boolean pdf() {
            return "application/pdf".equals(mimeType);
        }
    }

    private static final Map<String, Type> BY_EXTENSION = new TreeMap<>();

    static {
        add(".pdf", "application/pdf", Lines.PLAIN);
        add(".txt", "text/plain", Lines.PLAIN);
        add(".md", "text/markdown", Lines.SENTENCES);
        add(".markdown", "text/markdown", Lines.SENTENCES);
        add(".json", "application/json", Lines.PLAIN);
        add(".jsonl", "application/jsonl", Lines.PLAIN);
        add(".csv", "text/csv", Lines.PLAIN);
        add(".py", "text/x-python", Lines.CODE);
        add(".js", "text/javascript", Lines.CODE);
        add(".ts", "text/x-typescript", Lines.CODE);
        add(".java", "text/x-java-source", Lines.CODE);
        add(".cpp", "text/x-c++", Lines.CODE);
        add(".cxx", "text/x-c++", Lines.CODE);
        add(".c", "text/x-c", Lines.CODE);
        add(".h", "text/x-c", Lines.CODE);
        add(".cs", "text/x-csharp", Lines.CODE);
        add(".php", "text/x-php", Lines.CODE);
        add(".rb", "text/x-ruby", Lines.CODE);
        add(".go", "text/x-go", Lines.CODE);
        add(".rs", "text/x-rust", Lines.CODE);
        add(".swift", "text/x-swift", Lines.CODE);
        add(".kt", "text/x-kotlin", Lines.CODE);
        add(".scala", "text/x-scala", Lines.CODE);
        add(".r", "text/x-r", Lines.CODE);
        add(".m", "text/x-objective-c", Lines.CODE);
        add(".html", "text/html", Lines.CODE);
        add(".htm", "text/html", Lines.CODE);
        add(".css", "text/css", Lines.PLAIN);
        add(".scss", "text/x-scss", Lines.PLAIN);
        add(".vue", "text/x-vue", Lines.CODE);
        add(".jsx", "text/x-jsx", Lines.CODE);
        add(".tsx", "text/x-tsx", Lines.CODE);
        add(".xml", "application/xml", Lines.PLAIN);
        add(".yaml", "text/x-yaml", Lines.PLAIN);
        add(".yml", "text/x-yaml", Lines.PLAIN);
        add(".toml", "application/toml", Lines.PLAIN);
        add(".ini", "text/x-ini", Lines.PLAIN);
        add(".cfg", "text/x-conf", Lines.PLAIN);
        add(".conf", "text/x-conf", Lines.PLAIN);
        add(".sh", "text/x-shellscript", Lines.CODE);
        add(".bash", "text/x-shellscript", Lines.CODE);
        add(".sql", "text/x-sql", Lines.CODE);
        add(".dockerfile", "text/x-dockerfile", Lines.CODE);
    }

    private FileTypes() {
    }

    private static void add(String ext, String mime, Lines lines) {
        BY_EXTENSION.put(ext, new Type(ext, mime, lines));
    }

    /** The type of a file by its name; a 400 naming the supported extensions for any other. */
    public static Type of(String fileName) {
        int dot = fileName == null ? -1 : fileName.lastIndexOf('.');
        String ext = dot < 0 ? "" : fileName.substring(dot).toLowerCase(Locale.ROOT);
        Type t = BY_EXTENSION.get(ext);
        if (t == null) {
            throw ApiException.badRequest("Unsupported file type: " + (ext.isEmpty() ? "'" + fileName + "' has no extension" : ext)
                    + ". Supported file types: " + String.join(", ", BY_EXTENSION.keySet()));
        }
        return t;
    }

    /** The type stored with a file (its MIME type), by extension of its name. */
    static Type ofStored(String fileName) {
        try {
            return of(fileName);
        } catch (ApiException e) {
            return new Type("", "text/plain", Lines.PLAIN);
        }
    }
}
