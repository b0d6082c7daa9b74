output "kms_key_arn" {
  description = "The data key (RDS, ElastiCache, S3, logs, SNS, EKS secrets)."
  value       = aws_kms_key.main.arn
}

output "redis_auth_token" {
  description = "The ElastiCache auth token (also in Secrets Manager)."
  value       = random_password.redis_auth.result
  sensitive   = true
}

output "app_secret_arn" {
  description = "Secrets Manager entry with secret-key and metrics-token."
  value       = aws_secretsmanager_secret.app.arn
}

output "redis_secret_arn" {
  description = "Secrets Manager entry with the Redis auth token."
  value       = aws_secretsmanager_secret.redis.arn
}

output "deploy_role_arn" {
  description = "The role GitHub Actions assumes (empty without a repository)."
  value       = try(aws_iam_role.deploy[0].arn, "")
}
