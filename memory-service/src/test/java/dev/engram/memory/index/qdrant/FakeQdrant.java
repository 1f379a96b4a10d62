package dev.engram.memory.index.qdrant;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Collections.CollectionConfig;
import io.qdrant.client.grpc.Collections.CollectionDescription;
import io.qdrant.client.grpc.Collections.CollectionExists;
import io.qdrant.client.grpc.Collections.CollectionExistsRequest;
import io.qdrant.client.grpc.Collections.CollectionExistsResponse;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CollectionOperationResponse;
import io.qdrant.client.grpc.Collections.CollectionParams;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.DeleteCollection;
import io.qdrant.client.grpc.Collections.GetCollectionInfoRequest;
import io.qdrant.client.grpc.Collections.GetCollectionInfoResponse;
import io.qdrant.client.grpc.Collections.ListCollectionsRequest;
import io.qdrant.client.grpc.Collections.ListCollectionsResponse;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qdrant.client.grpc.Points.BatchResult;
import io.qdrant.client.grpc.Points.CountPoints;
import io.qdrant.client.grpc.Points.CountResponse;
import io.qdrant.client.grpc.Points.CountResult;
import io.qdrant.client.grpc.Points.CreateFieldIndexCollection;
import io.qdrant.client.grpc.Points.DeletePoints;
import io.qdrant.client.grpc.Points.GetPoints;
import io.qdrant.client.grpc.Points.GetResponse;
import io.qdrant.client.grpc.Points.PointsOperationResponse;
import io.qdrant.client.grpc.Points.QueryBatchPoints;
import io.qdrant.client.grpc.Points.QueryBatchResponse;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.QueryResponse;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.UpdateResult;
import io.qdrant.client.grpc.Points.UpdateStatus;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.PointsGrpc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process stand-in for Qdrant's gRPC API that records every call ("Rpc collection") and keeps only the set of
 * collections: enough to test what the adapter asks for and in which order, not search semantics.
 */
final class FakeQdrant implements AutoCloseable {

    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Object> requests = new CopyOnWriteArrayList<>();
    final Set<String> collections = ConcurrentHashMap.newKeySet();
    final List<String> apiKeys = new CopyOnWriteArrayList<>();
    /** What collection info reports as a collection's layout ("Info"); empty parameters when absent. */
    final Map<String, CollectionParams> layouts = new ConcurrentHashMap<>();
    volatile List<ScoredPoint> queryResult = List.of();
    volatile Status failUpserts;

    private final io.grpc.Server server;
    private final String name = "fake-qdrant-" + System.nanoTime();

    FakeQdrant() throws IOException {
        ServerInterceptor keys = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                              ServerCallHandler<Q, R> next) {
                String key = headers.get(Metadata.Key.of("api-key", Metadata.ASCII_STRING_MARSHALLER));
                if (key != null) {
                    apiKeys.add(key);
                }
                return next.startCall(call, headers);
            }
        };
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(ServerInterceptors.intercept(new FakeCollections(), keys))
                .addService(ServerInterceptors.intercept(new FakePoints(), keys))
                .build().start();
    }

    QdrantClient client(String apiKey) {
        QdrantGrpcClient.Builder builder = QdrantGrpcClient.newBuilder(
                InProcessChannelBuilder.forName(name).directExecutor().build(), true, false);
        if (apiKey != null) {
            builder.withApiKey(apiKey);
        }
        return new QdrantClient(builder.build());
    }

    @SuppressWarnings("unchecked")
    <T> List<T> requests(Class<T> type) {
        return (List<T>) requests.stream().filter(type::isInstance).toList();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    private boolean record(String rpc, String collection, Object request) {
        calls.add(rpc + " " + collection);
        requests.add(request);
        return collections.contains(collection);
    }

    private static <T> void reply(StreamObserver<T> observer, T response) {
        observer.onNext(response);
        observer.onCompleted();
    }

    private static void missing(StreamObserver<?> observer, String collection) {
        observer.onError(Status.NOT_FOUND.withDescription("Collection `" + collection + "` doesn't exist!")
                .asRuntimeException());
    }

    private static PointsOperationResponse completed() {
        return PointsOperationResponse.newBuilder()
                .setResult(UpdateResult.newBuilder().setStatus(UpdateStatus.Completed)).build();
    }

    private final class FakeCollections extends CollectionsGrpc.CollectionsImplBase {

        @Override
        public void collectionExists(CollectionExistsRequest request,
                                     StreamObserver<CollectionExistsResponse> observer) {
            boolean exists = record("Exists", request.getCollectionName(), request);
            reply(observer, CollectionExistsResponse.newBuilder()
                    .setResult(CollectionExists.newBuilder().setExists(exists)).build());
        }

        @Override
        public void create(CreateCollection request, StreamObserver<CollectionOperationResponse> observer) {
            if (record("Create", request.getCollectionName(), request)) {
                observer.onError(Status.ALREADY_EXISTS.asRuntimeException());
                return;
            }
            collections.add(request.getCollectionName());
            reply(observer, CollectionOperationResponse.newBuilder().setResult(true).build());
        }

        @Override
        public void get(GetCollectionInfoRequest request, StreamObserver<GetCollectionInfoResponse> observer) {
            if (!record("Info", request.getCollectionName(), request)) {
                missing(observer, request.getCollectionName());
                return;
            }
            CollectionParams params = layouts.getOrDefault(request.getCollectionName(),
                    CollectionParams.getDefaultInstance());
            reply(observer, GetCollectionInfoResponse.newBuilder().setResult(CollectionInfo.newBuilder()
                    .setConfig(CollectionConfig.newBuilder().setParams(params))).build());
        }

        @Override
        public void list(ListCollectionsRequest request, StreamObserver<ListCollectionsResponse> observer) {
            calls.add("List");
            List<String> names = new ArrayList<>(collections);
            Collections.sort(names);
            ListCollectionsResponse.Builder response = ListCollectionsResponse.newBuilder();
            names.forEach(n -> response.addCollections(CollectionDescription.newBuilder().setName(n)));
            reply(observer, response.build());
        }

        @Override
        public void delete(DeleteCollection request, StreamObserver<CollectionOperationResponse> observer) {
            record("Drop", request.getCollectionName(), request);
            collections.remove(request.getCollectionName());
            reply(observer, CollectionOperationResponse.newBuilder().setResult(true).build());
        }
    }

    private final class FakePoints extends PointsGrpc.PointsImplBase {

        @Override
        public void createFieldIndex(CreateFieldIndexCollection request,
                                     StreamObserver<PointsOperationResponse> observer) {
            calls.add("Index " + request.getCollectionName() + " " + request.getFieldName());
            requests.add(request);
            reply(observer, completed());
        }

        @Override
        public void upsert(UpsertPoints request, StreamObserver<PointsOperationResponse> observer) {
            if (!record("Upsert", request.getCollectionName(), request)) {
                missing(observer, request.getCollectionName());
            } else if (failUpserts != null) {
                observer.onError(failUpserts.asRuntimeException());
            } else {
                reply(observer, completed());
            }
        }

        @Override
        public void delete(DeletePoints request, StreamObserver<PointsOperationResponse> observer) {
            if (record("Delete", request.getCollectionName(), request)) {
                reply(observer, completed());
            } else {
                missing(observer, request.getCollectionName());
            }
        }

        @Override
        public void get(GetPoints request, StreamObserver<GetResponse> observer) {
            if (record("Get", request.getCollectionName(), request)) {
                reply(observer, GetResponse.getDefaultInstance());
            } else {
                missing(observer, request.getCollectionName());
            }
        }

        @Override
        public void count(CountPoints request, StreamObserver<CountResponse> observer) {
            record("Count", request.getCollectionName(), request);
            reply(observer, CountResponse.newBuilder().setResult(CountResult.newBuilder().setCount(2)).build());
        }

        @Override
        public void query(QueryPoints request, StreamObserver<QueryResponse> observer) {
            if (record("Query", request.getCollectionName(), request)) {
                reply(observer, QueryResponse.newBuilder().addAllResult(queryResult).build());
            } else {
                missing(observer, request.getCollectionName());
            }
        }

        @Override
        public void queryBatch(QueryBatchPoints request, StreamObserver<QueryBatchResponse> observer) {
            if (record("QueryBatch", request.getCollectionName(), request)) {
                QueryBatchResponse.Builder response = QueryBatchResponse.newBuilder();
                request.getQueryPointsList().forEach(q ->
                        response.addResult(BatchResult.newBuilder().addAllResult(queryResult)));
                reply(observer, response.build());
            } else {
                missing(observer, request.getCollectionName());
            }
        }
    }
}
