package org.numreg.allocation;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.numreg.devinfra.NumregInfraResource;
import org.numreg.devinfra.ServiceWiringTest;

@QuarkusTest
@QuarkusTestResource(NumregInfraResource.class)
class AllocationWiringTest extends ServiceWiringTest {

    @Override
    protected java.util.List<String> ownTables() {
        return java.util.List.of("number_record", "ocn_record", "allocation_range", "allocation_block");
    }
}
