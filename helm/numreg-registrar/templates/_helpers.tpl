{{/* Resource names: <release>-<service>, at most 63 characters. */}}
{{- define "numreg.name" -}}
{{- printf "%s-%s" .root.Release.Name .service | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "numreg.configName" -}}
{{- printf "%s-config" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every resource. */}}
{{- define "numreg.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: numreg-registrar
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: numreg
numreg.org/registrar: {{ .Values.registrar.id | quote }}
{{- end -}}

{{/* The labels that select one service's pods: {root, service}. */}}
{{- define "numreg.selectorLabels" -}}
app.kubernetes.io/name: numreg-registrar
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .service }}
{{- end -}}

{{/* Images are named after their modules: <service>-service, and console. */}}
{{- define "numreg.image" -}}
{{- $tag := .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- $module := ternary "console" (printf "%s-service" .service) (eq .service "console") -}}
{{- printf "%s/%s/%s:%s" .root.Values.image.registry .root.Values.image.repository $module $tag -}}
{{- end -}}

{{/* numreg.consensus.peers: every registrar of the initial configuration, this one included. */}}
{{- define "numreg.peers" -}}
{{- $all := list (printf "%s=%v@%s" .Values.registrar.id (int .Values.registrar.node) .Values.registrar.peerUrl) -}}
{{- range .Values.peers -}}
{{- if not .added -}}
{{- $all = append $all (printf "%s=%v@%s" .id (int .node) .url) -}}
{{- end -}}
{{- end -}}
{{- join "," $all -}}
{{- end -}}

{{/* numreg.sync.peers: the peers' sync-services (those with a syncUrl), compared by anti-entropy. */}}
{{- define "numreg.syncPeers" -}}
{{- $all := list -}}
{{- range .Values.peers -}}
{{- if .syncUrl -}}
{{- $all = append $all (printf "%s=%s" .id .syncUrl) -}}
{{- end -}}
{{- end -}}
{{- join "," $all -}}
{{- end -}}

{{/*
The pod spec every service shares: {root, service}. Settings come by environment only: the
registrar's ConfigMap, the service's database, and secrets by reference.
*/}}
{{- define "numreg.podSpec" -}}
{{- $root := .root -}}
{{- $values := $root.Values -}}
{{- $svc := index $values.services .service -}}
{{- with $values.image.pullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
automountServiceAccountToken: false
securityContext:
  {{- toYaml $values.podSecurityContext | nindent 2 }}
containers:
  - name: {{ .service }}
    image: {{ include "numreg.image" . }}
    imagePullPolicy: {{ $values.image.pullPolicy }}
    securityContext:
      {{- toYaml $values.securityContext | nindent 6 }}
    ports:
      - name: http
        containerPort: 8080
        protocol: TCP
      {{- if eq .service "consensus" }}
      - name: peer
        containerPort: {{ $values.peerTls.port }}
        protocol: TCP
      {{- end }}
    envFrom:
      - configMapRef:
          name: {{ include "numreg.configName" $root }}
    env:
      {{- if eq .service "console" }}
      - name: QUARKUS_OIDC_CREDENTIALS_SECRET
        valueFrom:
          secretKeyRef:
            name: {{ $values.oidc.existingSecret }}
            key: {{ $values.oidc.consoleClientSecretKey }}
      {{- else }}
      - name: QUARKUS_DATASOURCE_JDBC_URL
        value: {{ printf "jdbc:postgresql://%s:%v/%s" $values.database.host (int $values.database.port) (index $values.database.names .service) | quote }}
      - name: QUARKUS_DATASOURCE_USERNAME
        valueFrom:
          secretKeyRef:
            name: {{ $values.database.existingSecret }}
            key: {{ $values.database.usernameKey }}
      - name: QUARKUS_DATASOURCE_PASSWORD
        valueFrom:
          secretKeyRef:
            name: {{ $values.database.existingSecret }}
            key: {{ $values.database.passwordKey }}
      {{- end }}
      {{- if not (has .service (list "consensus" "console")) }}
      - name: QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET
        valueFrom:
          secretKeyRef:
            name: {{ $values.oidc.existingSecret }}
            key: {{ $values.oidc.clientSecretKey }}
      {{- end }}
      {{- if eq .service "consensus" }}
      - name: QUARKUS_HTTP_SSL_PORT
        value: {{ $values.peerTls.port | quote }}
      - name: QUARKUS_TLS_KEY_STORE_P12_PATH
        value: /etc/numreg/peer-tls/{{ $values.peerTls.keyStoreKey }}
      - name: QUARKUS_TLS_TRUST_STORE_P12_PATH
        value: /etc/numreg/peer-tls/{{ $values.peerTls.trustStoreKey }}
      - name: QUARKUS_TLS_KEY_STORE_P12_PASSWORD
        valueFrom:
          secretKeyRef:
            name: {{ $values.peerTls.existingSecret }}
            key: {{ $values.peerTls.passwordKey }}
      - name: QUARKUS_TLS_TRUST_STORE_P12_PASSWORD
        valueFrom:
          secretKeyRef:
            name: {{ $values.peerTls.existingSecret }}
            key: {{ $values.peerTls.passwordKey }}
      {{- end }}
      {{- with $svc.env }}
      {{- toYaml . | nindent 6 }}
      {{- end }}
    startupProbe:
      httpGet:
        path: /q/health/started
        port: http
      periodSeconds: 5
      failureThreshold: 60
    livenessProbe:
      httpGet:
        path: /q/health/live
        port: http
      periodSeconds: 10
      failureThreshold: 3
    readinessProbe:
      httpGet:
        path: /q/health/ready
        port: http
      periodSeconds: 5
      failureThreshold: 3
    resources:
      {{- toYaml $svc.resources | nindent 6 }}
    volumeMounts:
      - name: tmp
        mountPath: /tmp
      {{- if eq .service "consensus" }}
      - name: peer-tls
        mountPath: /etc/numreg/peer-tls
        readOnly: true
      {{- end }}
volumes:
  - name: tmp
    emptyDir: {}
  {{- if eq .service "consensus" }}
  - name: peer-tls
    secret:
      secretName: {{ $values.peerTls.existingSecret }}
  {{- end }}
{{- with $values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* The stateless services: the four APIs and the console. */}}
{{- define "numreg.apiServices" -}}
allocation porting whois sync console
{{- end -}}
