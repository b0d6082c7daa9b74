# CloudWatch alarms on the managed services (the application's own alerts are Prometheus
# rules, deploy/monitoring/alerts.yml), sent to an encrypted SNS topic.

resource "aws_sns_topic" "alarms" {
  name              = "${var.name}-alarms"
  kms_master_key_id = var.kms_key_arn
  tags              = var.tags
}

resource "aws_sns_topic_subscription" "email" {
  for_each  = toset(var.alarm_emails)
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = each.value
}

locals {
  alarms = {
    "rds-cpu" = {
      namespace   = "AWS/RDS", metric = "CPUUtilization", stat = "Average", threshold = 80,
      comparison  = "GreaterThanThreshold", dimensions = { DBInstanceIdentifier = var.db_instance_id },
      description = "RDS CPU above 80 % for 15 minutes (P2)"
    }
    "rds-storage" = {
      namespace   = "AWS/RDS", metric = "FreeStorageSpace", stat = "Minimum", threshold = 10 * 1024 * 1024 * 1024,
      comparison  = "LessThanThreshold", dimensions = { DBInstanceIdentifier = var.db_instance_id },
      description = "RDS free storage under 10 GiB (P2)"
    }
    "rds-connections" = {
      namespace   = "AWS/RDS", metric = "DatabaseConnections", stat = "Maximum", threshold = 400,
      comparison  = "GreaterThanThreshold", dimensions = { DBInstanceIdentifier = var.db_instance_id },
      description = "RDS connections above 400 (P2)"
    }
    "redis-memory" = {
      namespace   = "AWS/ElastiCache", metric = "DatabaseMemoryUsagePercentage", stat = "Maximum", threshold = 80,
      comparison  = "GreaterThanThreshold", dimensions = { ReplicationGroupId = var.redis_group_id },
      description = "Redis memory above 80 %: with noeviction, writes (new jobs) fail when full (P1)"
    }
    "redis-cpu" = {
      namespace   = "AWS/ElastiCache", metric = "EngineCPUUtilization", stat = "Average", threshold = 75,
      comparison  = "GreaterThanThreshold", dimensions = { ReplicationGroupId = var.redis_group_id },
      description = "Redis engine CPU above 75 % (P2)"
    }
    "cloudfront-5xx" = {
      namespace   = "AWS/CloudFront", metric = "5xxErrorRate", stat = "Average", threshold = 5,
      comparison  = "GreaterThanThreshold", dimensions = { DistributionId = var.distribution_id, Region = "Global" },
      description = "More than 5 % of CloudFront responses are 5xx (P1)"
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "main" {
  for_each            = local.alarms
  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  statistic           = each.value.stat
  threshold           = each.value.threshold
  comparison_operator = each.value.comparison
  dimensions          = each.value.dimensions
  period              = 300
  evaluation_periods  = 3
  treat_missing_data  = "breaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/filmstudio/${var.name}/app"
  retention_in_days = 365
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}
