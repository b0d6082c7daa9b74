variable "name" {
  description = "Prefix of the bucket names (<name>-media, <name>-logs)."
  type        = string
}

variable "kms_key_arn" {
  description = "Encrypts every object."
  type        = string
}

variable "cloudfront_distribution_arn" {
  description = "The distribution allowed to read (origin access control); empty: none."
  type        = string
  default     = ""
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
