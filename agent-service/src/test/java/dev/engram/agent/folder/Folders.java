package dev.engram.agent.folder;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Test helpers: folders and uploads through the public API, and small PDFs made with PDFBox. */
public final class Folders {

    private Folders() {
    }

    static String uniqueName(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String create(String name) {
        return given().contentType(ContentType.JSON).body(Map.of("name", name)).post("/v1/folders/").then().statusCode(200)
                .extract().path("id");
    }

    static ValidatableResponse upload(String folderId, String fileName, byte[] content) {
        return given().multiPart("file", fileName, content).post("/v1/folders/{id}/upload", folderId).then();
    }

    static ValidatableResponse upload(String folderId, String fileName, String content) {
        return upload(folderId, fileName, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Uploads and waits until the file is completed; its id. */
    static String uploaded(String folderId, String fileName, String content) {
        String id = upload(folderId, fileName, content).statusCode(200).extract().path("id");
        settled(folderId, id).body("processing_status", equalTo("completed"));
        return id;
    }

    /** Uploads and waits until the file's ingest has ended (completed or error); the file as it then is. */
    public static ValidatableResponse ingested(String folderId, String fileName, byte[] content) {
        String id = upload(folderId, fileName, content).statusCode(200).extract().path("id");
        return settled(folderId, id);
    }

    public static ValidatableResponse ingested(String folderId, String fileName, String content) {
        return ingested(folderId, fileName, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Polls the file, as a client does, until its ingest has ended (at most a minute). */
    static ValidatableResponse settled(String folderId, String fileId) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            ValidatableResponse r = given().get("/v1/folders/{f}/files/{id}", folderId, fileId).then().statusCode(200);
            String status = r.extract().path("processing_status");
            if (status.equals("completed") || status.equals("error") || System.nanoTime() > deadline) {
                return r;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** A PDF with one page per text, each line of a text on its own line of the page. */
    static byte[] pdf(List<String> pages) {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String text : pages) {
                PDPage page = new PDPage();
                doc.addPage(page);
                try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
                    s.beginText();
                    s.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    s.setLeading(14);
                    s.newLineAtOffset(50, 700);
                    for (String line : text.split("\n")) {
                        s.showText(line);
                        s.newLine();
                    }
                    s.endText();
                }
            }
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
