{{/* Names and labels, in the style of the common charts. */}}
{{- define "filmstudio.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "filmstudio.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "filmstudio.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "filmstudio.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one component: pass (list $ "api") */}}
{{- define "filmstudio.selector" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "filmstudio.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "filmstudio.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "filmstudio.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "filmstudio.image" -}}
{{- $root := index . 0 -}}
{{- printf "%s:%s%s" $root.Values.image.repository (default $root.Chart.AppVersion $root.Values.image.tag) (index . 1) -}}
{{- end -}}

{{/* A variable from a Secret key. */}}
{{- define "filmstudio.secretEnv" -}}
- name: {{ index . 0 }}
  valueFrom:
    secretKeyRef:
      name: {{ index . 1 }}
      key: {{ index . 2 }}
{{- end -}}

{{/* The studio's environment: settings by value, every secret by reference. */}}
{{- define "filmstudio.env" -}}
- name: FILMSTUDIO_DATA_DIR
  value: /data
- name: FILMSTUDIO_PUBLIC_URL
  value: {{ .Values.config.publicUrl | quote }}
- name: FILMSTUDIO_LOG_LEVEL
  value: {{ .Values.config.logLevel | quote }}
- name: FILMSTUDIO_JOB_TIMEOUT_SECONDS
  value: {{ .Values.config.jobTimeoutSeconds | quote }}
- name: FILMSTUDIO_EMBEDDED_WORKER
  value: "false"
- name: FILMSTUDIO_STORAGE_URL
  value: {{ .Values.storage.url | quote }}
- name: AWS_DEFAULT_REGION
  value: {{ .Values.storage.region | quote }}
{{- with .Values.storage.endpointUrl }}
- name: FILMSTUDIO_S3_ENDPOINT_URL
  value: {{ . | quote }}
{{- end }}
{{ include "filmstudio.secretEnv" (list "FILMSTUDIO_DATABASE_URL" .Values.database.existingSecret .Values.database.urlKey) }}
{{ include "filmstudio.secretEnv" (list "FILMSTUDIO_QUEUE_URL" .Values.redis.existingSecret .Values.redis.queueUrlKey) }}
{{ include "filmstudio.secretEnv" (list "FILMSTUDIO_CACHE_URL" .Values.redis.existingSecret .Values.redis.cacheUrlKey) }}
{{ include "filmstudio.secretEnv" (list "FILMSTUDIO_SECRET_KEY" .Values.app.existingSecret .Values.app.secretKeyKey) }}
{{ include "filmstudio.secretEnv" (list "FILMSTUDIO_METRICS_TOKEN" .Values.app.existingSecret .Values.app.metricsTokenKey) }}
{{- with .Values.storage.existingSecret }}
{{ include "filmstudio.secretEnv" (list "AWS_ACCESS_KEY_ID" . $.Values.storage.accessKeyIdKey) }}
{{ include "filmstudio.secretEnv" (list "AWS_SECRET_ACCESS_KEY" . $.Values.storage.secretAccessKeyKey) }}
{{- end }}
{{- range $name, $value := .Values.config.extraEnv }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/* Writable folders on a read-only root: /tmp and the data folder (scratch, stage cache). */}}
{{- define "filmstudio.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: data
  mountPath: /data
{{- end -}}

{{- define "filmstudio.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: 1Gi
- name: data
  emptyDir:
    sizeLimit: {{ . }}
{{- end -}}

{{- define "filmstudio.egress" -}}
- ports:
    - {port: 53, protocol: UDP}
    - {port: 53, protocol: TCP}
{{- range .Values.networkPolicy.egress }}
- to:
    - ipBlock:
        cidr: {{ .cidr }}
  ports:
    {{- range .ports }}
    - {port: {{ . }}, protocol: TCP}
    {{- end }}
{{- end }}
{{- end -}}
