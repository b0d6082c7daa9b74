variable "name" {
  description = "The cluster's name."
  type        = string
}

variable "kubernetes_version" {
  description = "EKS version."
  type        = string
  default     = "1.33"
}

variable "vpc_id" {
  description = "The VPC."
  type        = string
}

variable "vpc_cidr" {
  description = "The VPC's range (the API endpoint is reachable from it only)."
  type        = string
}

variable "private_subnet_ids" {
  description = "Where the nodes run."
  type        = list(string)
}

variable "kms_key_arn" {
  description = "Encrypts Kubernetes Secrets and node volumes."
  type        = string
}

variable "cpu_instance_types" {
  description = "CPU node types."
  type        = list(string)
  default     = ["c6i.2xlarge"]
}

variable "cpu_min_size" {
  description = "CPU nodes at least."
  type        = number
  default     = 2
}

variable "cpu_max_size" {
  description = "CPU nodes at most."
  type        = number
  default     = 10
}

variable "gpu_instance_types" {
  description = "GPU node types (the blueprint's g4dn)."
  type        = list(string)
  default     = ["g4dn.xlarge"]
}

variable "gpu_max_size" {
  description = "GPU nodes at most, all groups together (they scale from 0)."
  type        = number
  default     = 20
}

variable "gpu_spot_max_size" {
  description = "Of those, how many may be spot (prod mixes spot and on-demand)."
  type        = number
  default     = 0
}

variable "media_bucket_arn" {
  description = "The bucket the app's pods read and write."
  type        = string
}

variable "app_namespace" {
  description = "Namespace of the Helm release."
  type        = string
  default     = "filmstudio"
}

variable "app_service_account" {
  description = "The chart's service account."
  type        = string
  default     = "filmstudio"
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
