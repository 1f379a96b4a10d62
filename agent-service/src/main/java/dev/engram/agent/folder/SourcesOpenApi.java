package dev.engram.agent.folder;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI document's {@code /v1/sources} routes as Letta's contract names them: {@link FolderRoutes} declares the
 * routes once with the {@code /v1/folders} names, so under {@link SourceResource#PATH} this renames {@code folder_id}
 * and {@code folder_name} to {@code source_id} and {@code source_name} (in the path templates and the parameters) and
 * says "source" for "folder" in the summaries. Registered with {@code mp.openapi.filter}; runs when the document is built.
 */
public class SourcesOpenApi implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        Map<String, PathItem> renamed = new LinkedHashMap<>();
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.equals(SourceResource.PATH) || path.startsWith(SourceResource.PATH + "/")) {
                rename(item);
                renamed.put(sourcesName(path), item);
            } else {
                renamed.put(path, item);
            }
        });
        openAPI.getPaths().setPathItems(renamed);
    }

    private static void rename(PathItem item) {
        rename(item.getParameters());
        if (item.getOperations() == null) {
            return;
        }
        for (Operation op : item.getOperations().values()) {
            rename(op.getParameters());
            if (op.getSummary() != null) {
                op.setSummary(sourcesName(op.getSummary()));
            }
            if (op.getDescription() != null) {
                op.setDescription(sourcesName(op.getDescription()));
            }
            if (op.getOperationId() != null) {
                op.setOperationId(sourcesName(op.getOperationId()));
            }
        }
    }

    private static void rename(List<Parameter> parameters) {
        if (parameters == null) {
            return;
        }
        for (Parameter p : parameters) {
            if (p.getIn() == Parameter.In.PATH && p.getName() != null) {
                p.setName(sourcesName(p.getName()));
            }
        }
    }

    /** {@code folder_id} → {@code source_id}, {@code {folder_name}} → {@code {source_name}}, "folder's" → "source's". */
    static String sourcesName(String text) {
        return text.replace("folder", "source").replace("Folder", "Source");
    }
}
