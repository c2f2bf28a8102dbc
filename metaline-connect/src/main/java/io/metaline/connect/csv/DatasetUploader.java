package io.metaline.connect.csv;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Uploads an imported dataset to the MetaLine server: {@code POST /api/v1/datasets?name=..&taskColumn=..} with the
 * CSV body and an admin bearer token. Not retried: a repeated upload would create a second dataset.
 */
public final class DatasetUploader {
    private DatasetUploader() {}

    /** The server's answer (the dataset's JSON) on success; an {@link IOException} with status and body otherwise. */
    public static String upload(URI server, String token, String name, ImportReport report) throws IOException, InterruptedException {
        String base = server.toString().endsWith("/") ? server.toString().substring(0, server.toString().length() - 1) : server.toString();
        URI uri = URI.create(base + "/api/v1/datasets?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                + "&taskColumn=" + URLEncoder.encode(report.columns().get(0), StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(report.toCsv())).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) throw new IOException("dataset upload to " + uri + " failed: HTTP " + r.statusCode() + ": " + r.body());
        return r.body();
    }
}
