package dev.engram.agent.llm;

import dev.langchain4j.http.client.jdk.JdkHttpClientBuilder;

import java.net.http.HttpClient;
import java.time.Duration;

/** LangChain4j's JDK HTTP client, with a connect timeout of its own. */
final class JdkHttp {

    private JdkHttp() {
    }

    /**
     * LangChain4j's provider clients set the builder's connect timeout to their single {@code timeout} (120 s by
     * default), which is far too long to notice a host that drops packets: this builder keeps the one given here.
     */
    static JdkHttpClientBuilder builder(Duration connectTimeout, String baseUrl) {
        JdkHttpClientBuilder builder = new JdkHttpClientBuilder() {
            @Override
            public JdkHttpClientBuilder connectTimeout(Duration ignored) {
                return this;
            }
        };
        HttpClient.Builder jdk = HttpClient.newBuilder().connectTimeout(connectTimeout);
        if (baseUrl.startsWith("http://")) {
            // plain-HTTP servers (Ollama, local OpenAI-compatible ones) need no HTTP/2 upgrade attempt on every request
            jdk.version(HttpClient.Version.HTTP_1_1);
        }
        return builder.httpClientBuilder(jdk);
    }
}
