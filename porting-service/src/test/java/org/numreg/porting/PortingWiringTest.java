package org.numreg.porting;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.numreg.devinfra.NumregInfraResource;
import org.numreg.devinfra.ServiceWiringTest;

@QuarkusTest
@QuarkusTestResource(NumregInfraResource.class)
class PortingWiringTest extends ServiceWiringTest {

    @Override
    protected java.util.List<String> ownTables() {
        return java.util.List.of("number_record", "ocn_record", "port_request");
    }
}
