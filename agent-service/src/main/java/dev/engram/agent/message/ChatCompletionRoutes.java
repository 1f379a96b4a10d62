package dev.engram.agent.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.agent.MessageCreate;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.llm.LlmException;
import dev.engram.agent.loop.AgentLoop;
import dev.engram.agent.loop.RunObserver;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Requests;
import io.quarkus.vertx.web.Body;
import io.quarkus.vertx.web.Route;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * OpenAI's chat completions with an agent as the model: {@code model} is the agent id, the last user message goes to
 * the agent (which keeps its own history), the assistant's text comes back as a ChatCompletion or as streamed
 * ChatCompletionChunks ending with {@code [DONE]} (a failure after the first chunk: OpenAI's error frame, then
 * {@code [DONE]}).
 */
@ApplicationScoped
public class ChatCompletionRoutes {

    private static final Pattern AGENT_ID = Pattern.compile("^agent-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");

    private final AgentLoop loop;

    public ChatCompletionRoutes(AgentLoop loop) {
        this.loop = loop;
    }

    @Route(path = "/v1/chat/completions", methods = Route.HttpMethod.POST, order = 1)
    void complete(RoutingContext rc, @Body Buffer body) {
        try {
            if (body == null || body.length() == 0) {
                throw ApiException.unprocessable("body: Field required");
            }
            JsonNode request = JsonText.MAPPER.readTree(body.getBytes());
            String model = request.path("model").asText(null);
            if (model == null) {
                throw ApiException.unprocessable("model: Field required");
            }
            if (!AGENT_ID.matcher(model).matches()) {
                throw ApiException.badRequest("model must be an agent id (agent-<uuid>), got '" + model + "'");
            }
            dev.engram.agent.auth.Caller.requireAgent(model);
            JsonNode last = null;
            for (JsonNode m : request.path("messages")) {
                if ("user".equals(m.path("role").asText())) {
                    last = m;
                }
            }
            if (last == null) {
                throw ApiException.unprocessable("messages: at least one message with role 'user' is required");
            }
            JsonNode content = last.path("content");
            LettaRequest letta = LettaRequest.of(List.of(MessageCreate.of("user", content.isMissingNode()
                    ? JsonText.MAPPER.getNodeFactory().textNode("") : content))).withStreaming(List.of("assistant_message"), true, true, false);
            Actor actor = Actor.ofUser(request.hasNonNull("user") ? request.get("user").asText() : rc.request().getHeader(Actor.USER_HEADER));
            boolean stream = request.path("stream").asBoolean(false);
            boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean(false);
            loop.prepare(actor, model, letta, rc.request().getHeader(Requests.IDEMPOTENCY_KEY), false, null).subscribe().with(
                    prepared -> {
                        String id = "chatcmpl-" + prepared.run().id;
                        String llmModel = prepared.agent().llmConfig == null ? prepared.agent().model
                                : prepared.agent().llmConfig.path("model").asText(prepared.agent().model);
                        long created = Instant.now().getEpochSecond();
                        if (stream) {
                            stream(rc, prepared, new Chunks(id, llmModel, created, includeUsage));
                        } else {
                            loop.start(prepared, RunObserver.NONE).subscribe().with(response -> rc.response().setStatusCode(200)
                                            .putHeader("Content-Type", "application/json")
                                            .end(completion(id, llmModel, created, response).toString()),
                                    failure -> HttpErrors.send(rc, failure));
                        }
                    },
                    failure -> HttpErrors.send(rc, failure));
        } catch (RuntimeException | java.io.IOException e) {
            HttpErrors.send(rc, e);
        }
    }

    /** What every chunk of one streamed completion shares; {@code usage} as OpenAI's {@code stream_options.include_usage}. */
    private record Chunks(String id, String model, long created, boolean usage) {
    }

    private void stream(RoutingContext rc, AgentLoop.Prepared prepared, Chunks chunks) {
        SseChannel channel;
        try {
            channel = new SseChannel(rc.response(), false);
            channel.comment();
        } catch (RuntimeException e) {
            HttpErrors.afterAbandoning(rc, loop, prepared, e); // never started: its turn is given back
            return;
        }
        boolean[] first = {true};
        AtomicReference<Throwable> modelError = new AtomicReference<>();
        RunObserver observer = new RunObserver() {
            @Override
            public void delta(ObjectNode chunk) {
                if ("assistant_message".equals(chunk.path("message_type").asText())) {
                    channel.data(chunk(chunks, chunk.path("content").asText(), first));
                }
            }

            @Override
            public void message(ObjectNode message) {
                if ("assistant_message".equals(message.path("message_type").asText())) {
                    channel.data(chunk(chunks, message.path("content").asText(), first));
                }
            }

            @Override
            public void modelFailed(Throwable error) {
                modelError.set(error);
            }

            @Override
            public boolean tokens() {
                return true;
            }
        };
        loop.start(prepared, observer).subscribe().with(response -> {
            if (modelError.get() != null) {
                fail(channel, modelError.get());
                return;
            }
            ObjectNode end = base(chunks, "chat.completion.chunk");
            end.putArray("choices").addObject().put("index", 0).putObject("delta");
            ((ObjectNode) end.path("choices").get(0)).put("finish_reason", "stop");
            if (chunks.usage()) {
                end.putNull("usage");
            }
            channel.data(end);
            if (chunks.usage()) {
                // OpenAI's last chunk when usage is asked for: no choices, the usage of the whole request
                ObjectNode usage = base(chunks, "chat.completion.chunk");
                usage.putArray("choices");
                usage.set("usage", usage(response));
                channel.data(usage);
            }
            channel.done();
        }, failure -> fail(channel, failure));
    }

    /**
     * A failure after the stream started, framed as OpenAI frames it, so that OpenAI clients raise it rather than
     * yield it as a chunk: {@code data: {"error": {message, type, param, code}}}, then {@code [DONE]}.
     */
    static void fail(SseChannel channel, Throwable failure) {
        Throwable e = HttpErrors.unwrap(failure);
        ObjectNode body = JsonText.MAPPER.createObjectNode();
        ObjectNode error = body.putObject("error");
        if (e instanceof LlmException llm) {
            error.put("message", llm.getMessage());
            error.put("type", llm.errorType() == null ? "llm_error" : llm.errorType());
            error.putNull("param");
            error.put("code", llm.stopReason() == null ? "llm_api_error" : llm.stopReason());
        } else {
            error.put("message", "An error occurred during the run: " + e.getMessage());
            error.put("type", "internal_error");
            error.putNull("param");
            error.put("code", "error");
        }
        channel.data(body);
        channel.done();
    }

    private static ObjectNode chunk(Chunks chunks, String text, boolean[] first) {
        ObjectNode c = base(chunks, "chat.completion.chunk");
        ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (first[0]) {
            delta.put("role", "assistant");
            first[0] = false;
        }
        delta.put("content", text);
        choice.putNull("finish_reason");
        if (chunks.usage()) {
            c.putNull("usage");
        }
        return c;
    }

    static ObjectNode completion(String id, String model, long created, LettaResponse response) {
        StringBuilder text = new StringBuilder();
        for (ObjectNode m : response.messages()) {
            if ("assistant_message".equals(m.path("message_type").asText())) {
                if (!text.isEmpty()) {
                    text.append("\n");
                }
                text.append(m.path("content").asText());
            }
        }
        ObjectNode c = base(id, model, created, "chat.completion");
        ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", text.toString());
        choice.put("finish_reason", "stop");
        choice.putNull("logprobs");
        c.set("usage", usage(response));
        return c;
    }

    private static ObjectNode usage(LettaResponse response) {
        return JsonText.MAPPER.createObjectNode().put("prompt_tokens", response.usage().promptTokens())
                .put("completion_tokens", response.usage().completionTokens())
                .put("total_tokens", response.usage().totalTokens());
    }

    private static ObjectNode base(Chunks chunks, String object) {
        return base(chunks.id(), chunks.model(), chunks.created(), object);
    }

    private static ObjectNode base(String id, String model, long created, String object) {
        ObjectNode c = JsonText.MAPPER.createObjectNode();
        c.put("id", id);
        c.put("object", object);
        c.put("created", created);
        c.put("model", model);
        return c;
    }
}
