package org.numreg.sync;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.numreg.devinfra.NumregInfraResource;
import org.numreg.devinfra.ServiceWiringTest;

@QuarkusTest
@QuarkusTestResource(NumregInfraResource.class)
class SyncWiringTest extends ServiceWiringTest {

    @Override
    protected java.util.List<String> ownTables() {
        return java.util.List.of("archived_event", "number_record", "ocn_record", "digest_node");
    }
}
