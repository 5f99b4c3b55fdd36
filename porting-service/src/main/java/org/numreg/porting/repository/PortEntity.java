package org.numreg.porting.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A port request and its status: scheduled, completed or cancelled (table port_request). */
@Entity
@Table(name = "port_request")
public class PortEntity {

    @Id
    @Column(name = "port_id")
    public String portId;
    public String number;
    @Column(name = "losing_ocn")
    public String losingOcn;
    @Column(name = "gaining_ocn")
    public String gainingOcn;
    /** The registrar whose porting-service took the request: it completes a scheduled port when due. */
    public String registrar;
    public String status;
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "requested_position")
    public long requestedPosition;
    @Column(name = "requested_at")
    public Instant requestedAt;
    @Column(name = "ended_position")
    public Long endedPosition;
    @Column(name = "ended_at")
    public Instant endedAt;
    public String reason;

    public PortRepository.Port port() {
        return new PortRepository.Port(portId, number, losingOcn, gainingOcn, status, dueAt, requestedPosition,
                requestedAt, endedPosition, endedAt, registrar, reason);
    }
}
