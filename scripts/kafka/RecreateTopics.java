// Delete (if present) and create topics, in one JVM: one TopicCommand run per topic costs
// ~2 s of JVM start each.
//
//   java -cp '<kafka libs>/*' RecreateTopics.java BOOTSTRAP PARTITIONS TOPIC...
//
// Java 11+ runs this single source file directly; no build step. Replication factor 1.

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

public class RecreateTopics {
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: RecreateTopics BOOTSTRAP PARTITIONS TOPIC...");
            System.exit(2);
        }
        int partitions = Integer.parseInt(args[1]);
        List<String> topics = List.of(args).subList(2, args.length);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]))) {
            for (String topic : topics) {
                try {
                    admin.deleteTopics(List.of(topic)).all().get();
                    System.out.println("deleted " + topic);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) throw e;
                }
            }
            // Right after a delete the name can be refused for a moment: retry those.
            List<String> pending = new ArrayList<>(topics);
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                List<String> failed = new ArrayList<>();
                for (String topic : pending) {
                    try {
                        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
                        System.out.println("created " + topic + " (" + partitions + " partitions)");
                    } catch (ExecutionException e) {
                        if (attempt >= 10 || !(e.getCause() instanceof TopicExistsException)) throw e;
                        failed.add(topic);
                    }
                }
                pending = failed;
                if (!pending.isEmpty()) Thread.sleep(500L * attempt);
            }
        }
    }
}
