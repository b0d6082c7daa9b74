variable "name" {
  description = "Prefix of every name."
  type        = string
}

variable "kms_key_arn" {
  description = "Encrypts the SNS topic and log group."
  type        = string
}

variable "alarm_emails" {
  description = "Who receives the alarms."
  type        = list(string)
  default     = []
}

variable "db_instance_id" {
  description = "The RDS instance."
  type        = string
}

variable "redis_group_id" {
  description = "The ElastiCache replication group."
  type        = string
}

variable "distribution_id" {
  description = "The CloudFront distribution's id."
  type        = string
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
