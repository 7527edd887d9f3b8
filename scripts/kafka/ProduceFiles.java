// Produce whole files as single Kafka records (the console producer splits on newlines).
//
//   java -cp '<kafka libs>/*' ProduceFiles.java BOOTSTRAP TOPIC < list
//
// Java 11+ runs this single source file directly; no build step. Each stdin line is either
// "PATH" or "KEY<TAB>PATH". The record value is the file's bytes, unchanged; when a KEY is
// given (for pages: the URL) it is the record key and also the "url" header.
// Prints one line per record (partition@offset, bytes, path) and a total.

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

public class ProduceFiles {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ProduceFiles BOOTSTRAP TOPIC < lines of PATH or KEY<TAB>PATH");
            System.exit(2);
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // Some corpus pages exceed the 1 MB default; the local broker accepts 10 MiB.
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(10 * 1024 * 1024));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());

        List<String> paths = new ArrayList<>();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank()) continue;
                int tab = line.indexOf('\t');
                String key = tab >= 0 ? line.substring(0, tab) : null;
                String path = tab >= 0 ? line.substring(tab + 1) : line;
                byte[] keyBytes = key == null || key.isEmpty() ? null : key.getBytes(StandardCharsets.UTF_8);
                ProducerRecord<byte[], byte[]> record =
                    new ProducerRecord<>(args[1], keyBytes, Files.readAllBytes(Path.of(path)));
                if (keyBytes != null) record.headers().add("url", keyBytes);
                paths.add(path);
                sent.add(producer.send(record));
            }
            producer.flush();
            for (int i = 0; i < sent.size(); i++) {
                RecordMetadata m = sent.get(i).get();
                System.out.printf("%d@%d %d bytes %s%n", m.partition(), m.offset(),
                    m.serializedValueSize(), paths.get(i));
            }
        }
        System.out.printf("produced %d records to %s%n", sent.size(), args[1]);
    }
}
