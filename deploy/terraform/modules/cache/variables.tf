variable "name" {
  description = "The replication group's id."
  type        = string
}

variable "vpc_id" {
  description = "The VPC."
  type        = string
}

variable "private_subnet_ids" {
  description = "Two zones."
  type        = list(string)
}

variable "client_security_group_id" {
  description = "The only security group allowed in (the EKS nodes)."
  type        = string
}

variable "kms_key_arn" {
  description = "Encrypts data at rest and the slow log."
  type        = string
}

variable "auth_token" {
  description = "The Redis AUTH token (from the iam module's secret)."
  type        = string
  sensitive   = true
}

variable "node_type" {
  description = "ElastiCache node type."
  type        = string
  default     = "cache.t4g.medium"
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
